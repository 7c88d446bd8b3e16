/**
 * The reference search index, built at build time over every page, every page section,
 * every endpoint of both catalogs and every code sample. The renderer loads it with the same
 * options (`renderer/src/reference/search-options.ts`).
 */
import MiniSearch from 'minisearch';
import type { Catalog, Endpoint } from '../../preload/schemas/catalog';
import { SEARCH_OPTIONS } from '../../renderer/src/reference/search-options';
import type { DocPage, SearchDocument } from '../../renderer/src/reference/types';

export interface SearchSources {
  docs: readonly DocPage[];
  catalogs: readonly Catalog[];
}

/** What a code block is called in the palette (and which words find it). */
const LANGUAGE_LABELS: Record<string, string> = {
  bash: 'cURL (bash)',
  python: 'Python',
  powershell: 'PowerShell',
  go: 'Go',
  json: 'JSON',
  sql: 'SQL',
  graphql: 'GraphQL',
  yaml: 'YAML',
  http: 'HTTP',
  typescript: 'TypeScript',
  text: 'Text',
};

/** Short names an operator types for a product. */
const PRODUCT_WORDS: Record<Catalog['product'], string> = {
  sentinelone: 'SentinelOne S1',
  'sentinel-secure-x': 'Sentinel Secure X SSX',
};

/**
 * Ranking multipliers. A page outranks its own sections for its title's words; a sample
 * repeats its page and heading in its title, so it ranks below both; documented endpoints
 * (our words, examples) rank above bare specification entries.
 */
const WEIGHT = { page: 1.5, sample: 0.5, documentedEndpoint: 2 } as const;

export function buildSearchDocuments(sources: SearchSources): SearchDocument[] {
  const documents: SearchDocument[] = [];
  for (const page of sources.docs) documents.push(...pageDocuments(page));
  for (const catalog of sources.catalogs) {
    const groups = new Map(catalog.groups.map((g) => [g.id, g.title]));
    for (const endpoint of catalog.endpoints) {
      documents.push(
        endpointDocument(endpoint, catalog, groups.get(endpoint.group) ?? endpoint.group),
      );
    }
  }
  return documents;
}

/** The serialized MiniSearch index (`MiniSearch.loadJSON(json, SEARCH_OPTIONS)` reads it). */
export function buildSearchIndex(sources: SearchSources): string {
  const index = new MiniSearch<SearchDocument>(SEARCH_OPTIONS);
  index.addAll(buildSearchDocuments(sources));
  return JSON.stringify(index);
}

function pageDocuments(page: DocPage): SearchDocument[] {
  const route = `#/docs/${page.id}`;
  const sections = pageSections(page);
  const intro = sections.find((s) => s.slug === undefined)?.text ?? '';
  const headingWords = page.headings.map((h) => h.text).join(' · ');
  const documents: SearchDocument[] = [
    {
      id: `page:${page.id}`,
      kind: 'page',
      title: page.title,
      text: [page.summary, intro, headingWords].filter(Boolean).join(' '),
      route,
      keywords: [...page.keywords, page.group, page.id.replace(/-/g, ' ')].join(' '),
      section: page.section,
      weight: WEIGHT.page,
    },
  ];
  for (const section of sections) {
    if (section.slug === undefined) continue;
    documents.push({
      id: `section:${page.id}/${section.slug}`,
      kind: 'section',
      title: section.title,
      text: section.text,
      route: `${route}/${section.slug}`,
      keywords: [page.title, ...page.keywords].join(' '),
      section: page.section,
    });
  }
  for (const sample of page.samples) {
    const heading = page.headings.find((h) => h.slug === sample.anchor)?.text;
    const label = LANGUAGE_LABELS[sample.lang] ?? sample.lang;
    documents.push({
      id: `sample:${sample.id}`,
      kind: 'sample',
      title: `${page.title}${heading ? ` › ${heading}` : ''} (${label})`,
      text: sample.code,
      route: sample.anchor ? `${route}/${sample.anchor}` : route,
      keywords: `${sample.lang} ${label}`,
      section: page.section,
      weight: WEIGHT.sample,
    });
  }
  return documents;
}

function endpointDocument(
  endpoint: Endpoint,
  catalog: Catalog,
  groupTitle: string,
): SearchDocument {
  const words = [
    ...endpoint.params.map((p) => p.name),
    ...(endpoint.body?.fields ?? []).map((f) => f.name),
    groupTitle,
    PRODUCT_WORDS[catalog.product],
    catalog.title,
    endpoint.id.split('.').slice(1).join(' '),
    endpoint.operationId ?? '',
    endpoint.seed ? `${endpoint.seed.method} ${endpoint.seed.path}` : '',
    endpoint.status,
  ];
  const text = [endpoint.description, endpoint.correction?.note, endpoint.notes]
    .filter(Boolean)
    .map((s) => markdownToText(s as string))
    .join(' ');
  return {
    id: `endpoint:${endpoint.id}`,
    kind: 'endpoint',
    title: endpoint.summary,
    text: text || endpoint.summary,
    route: `#/api/${endpoint.id}`,
    keywords: words.filter(Boolean).join(' '),
    product: endpoint.product,
    method: endpoint.method,
    path: endpoint.path,
    group: groupTitle,
    ...(endpoint.documented ? { weight: WEIGHT.documentedEndpoint } : {}),
  };
}

export interface PageSectionText {
  /** Undefined for the text before the first heading. */
  slug?: string;
  title: string;
  text: string;
}

/**
 * A page's text cut at its headings, read back from the sanitized HTML we rendered
 * ourselves (code blocks are left out: they are indexed as samples).
 */
export function pageSections(page: DocPage): PageSectionText[] {
  const html = page.html.replace(/<div class="code-block"[\s\S]*?<\/div>/g, ' ');
  // h1 is the page's own title: its text belongs to the page, not to a section.
  const heading = /<h([2-6]) id="([^"]*)">([\s\S]*?)<\/h\1>/g;
  const sections: PageSectionText[] = [];
  let last = 0;
  let current: { slug?: string; title: string } = { title: page.title };
  for (const match of html.matchAll(heading)) {
    sections.push({ ...current, text: htmlToText(html.slice(last, match.index)) });
    current = { slug: decodeEntities(match[2] ?? ''), title: htmlToText(match[3] ?? '') };
    last = match.index + match[0].length;
  }
  sections.push({ ...current, text: htmlToText(html.slice(last)) });
  return sections.filter((s) => s.slug !== undefined || s.text.length > 0);
}

function htmlToText(html: string): string {
  const inline = /<\/?(?:a|code|strong|em|s|span)\b[^>]*>/g;
  return decodeEntities(html.replace(inline, '').replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Catalog descriptions are Markdown; the index wants the words. */
function markdownToText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_#>|]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}
