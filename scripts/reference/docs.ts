/**
 * The documentation pages (`resources/docs/<section>/*.md`, see `resources/docs/README.md`)
 * rendered to sanitized HTML at build time. Every problem of every page (front matter, a
 * link to a page, heading or endpoint that does not exist, an unsupported code language) is
 * collected and reported in one error, so an author fixes them in one pass.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import MarkdownIt from 'markdown-it';
import anchor from 'markdown-it-anchor';
import type { Env, StateCore, Token } from 'markdown-it';
import { fromHighlighter } from '@shikijs/markdown-it/core';
import sanitizeHtml from 'sanitize-html';
import { createHighlighter, type BundledLanguage, type HighlighterGeneric } from 'shiki';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type {
  DocHeading,
  DocPage,
  DocSample,
  DocSection,
} from '../../renderer/src/reference/types';

export const DOC_SECTIONS = ['console', 'sentinelone', 'secure-x'] as const satisfies DocSection[];

/** Languages shiki loads for fenced blocks; anything else is reported. */
export const DOC_LANGUAGES = [
  'bash',
  'python',
  'powershell',
  'go',
  'json',
  'sql',
  'graphql',
  'yaml',
  'http',
  'typescript',
  'text',
] as const;

/** Only these run in CI (curl and python3 are on the CI machines; PowerShell and Go are not). */
export const RUNNABLE_LANGUAGES: readonly string[] = ['bash', 'python'];

const FrontMatterSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by "-"'),
    title: z.string().min(1),
    section: z.enum(DOC_SECTIONS),
    group: z.string().min(1),
    order: z.number(),
    summary: z.string().min(1),
    seed: z.string().min(1).optional(),
    // `keywords: [429, Retry-After]` is natural YAML; numbers are words too.
    keywords: z.array(z.union([z.string().min(1), z.number().transform(String)])).default([]),
    endpoints: z.array(z.string().min(1)).default([]),
  })
  .strict();

export interface DocProblem {
  /** Path relative to the working directory. */
  file: string;
  line: number;
  message: string;
}

/** Thrown by `loadDocs` with every problem found; `message` lists them as `file:line: …`. */
export class DocsBuildError extends Error {
  constructor(readonly problems: DocProblem[]) {
    super(
      `The documentation has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${p.file}:${p.line}: ${p.message}`).join('\n'),
    );
    this.name = 'DocsBuildError';
  }
}

export interface LoadDocsOptions {
  /** Ids of every endpoint of the built catalogs; `#/api/<id>` links must name one. */
  endpointIds: Iterable<string>;
}

/** A link or image found while rendering, checked once every page's headings are known. */
interface FoundLink {
  kind: 'link' | 'image';
  href: string;
  line: number;
}

interface RenderEnv extends Env {
  pageId: string;
  file: string;
  /** Lines taken by the front matter, added to markdown-it's 0-based body lines. */
  lineOffset: number;
  sourceLines: string[];
  headings: DocHeading[];
  samples: DocSample[];
  links: FoundLink[];
  problems: DocProblem[];
  currentAnchor?: string;
}

/** Stable, readable heading ids: `Fetch all pages` → `fetch-all-pages`. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'section';
}

const PLAIN_TEXT = 'text' as BundledLanguage;

let highlighter: Promise<HighlighterGeneric<string, string>> | undefined;

/** Loading grammars costs a few hundred ms: one highlighter per process, shared by rebuilds. */
function sharedHighlighter(): Promise<HighlighterGeneric<string, string>> {
  highlighter ??= createHighlighter({
    themes: ['github-light', 'github-dark'],
    langs: DOC_LANGUAGES.filter((lang) => lang !== 'text'),
  }) as Promise<HighlighterGeneric<string, string>>;
  return highlighter;
}

/**
 * Reads every `<docsDir>/<section>/**\/*.md` (README.md files are notes for authors, not
 * pages), renders and sanitizes it, and checks its links. Throws `DocsBuildError` listing
 * every problem. Pages come back sorted like the sidebar (`sortDocs`).
 */
export async function loadDocs(docsDir: string, options: LoadDocsOptions): Promise<DocPage[]> {
  const endpointIds = new Set(options.endpointIds);
  const md = createRenderer(await sharedHighlighter());
  const problems: DocProblem[] = [];
  const rendered: Array<{ page: DocPage; env: RenderEnv; endpointsLine: number }> = [];

  for (const path of await markdownFiles(docsDir)) {
    const file = relative(process.cwd(), path) || path;
    const source = (await readFile(path, 'utf8')).replace(/\r\n?/g, '\n');
    const front = parseFrontMatter(source, file, problems);
    if (!front) continue;
    const folder = relative(docsDir, path).split(sep)[0] ?? '';
    const meta = front.meta;
    if (relative(docsDir, path).split(sep).length < 2) {
      problems.push({
        file,
        line: 1,
        message: `pages live in a section folder (${DOC_SECTIONS.join(', ')})`,
      });
    } else if (meta.section !== folder) {
      problems.push({
        file,
        line: front.lineOf('section'),
        message: `section "${meta.section}" must match the folder "${folder}"`,
      });
    }
    const env: RenderEnv = {
      pageId: meta.id,
      file,
      lineOffset: front.bodyStartLine - 1,
      sourceLines: source.split('\n'),
      headings: [],
      samples: [],
      links: [],
      problems,
    };
    const html = sanitizeDocHtml(md.render(front.body, env));
    const page: DocPage = {
      id: meta.id,
      title: meta.title,
      section: meta.section,
      group: meta.group,
      order: meta.order,
      summary: meta.summary,
      ...(meta.seed !== undefined ? { seed: meta.seed } : {}),
      html,
      headings: env.headings,
      keywords: meta.keywords,
      endpoints: meta.endpoints,
      samples: env.samples,
    };
    rendered.push({ page, env, endpointsLine: front.lineOf('endpoints') });
  }

  const pages = new Map<string, DocPage>();
  const firstFile = new Map<string, string>();
  for (const { page, env } of rendered) {
    const earlier = firstFile.get(page.id);
    if (earlier) {
      problems.push({
        file: env.file,
        line: 1,
        message: `id "${page.id}" is also used by ${earlier}`,
      });
    } else {
      pages.set(page.id, page);
      firstFile.set(page.id, env.file);
    }
  }

  for (const { page, env, endpointsLine } of rendered) {
    for (const id of page.endpoints) {
      if (!endpointIds.has(id)) {
        problems.push({
          file: env.file,
          line: endpointsLine,
          message: `endpoints: no endpoint "${id}" in the catalogs`,
        });
      }
    }
    for (const link of env.links) {
      const message = checkLink(link, pages, endpointIds);
      if (message)
        problems.push({ file: env.file, line: link.line, message: `${message}: ${link.href}` });
    }
  }

  if (problems.length > 0) {
    problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    throw new DocsBuildError(problems);
  }
  return sortDocs([...pages.values()]);
}

/** Sidebar order: section (console, sentinelone, secure-x), then group, then order, then title. */
export function sortDocs<
  T extends { section: DocSection; group: string; order: number; title: string },
>(pages: T[]): T[] {
  // A group sits where its first page does, so authors order groups through `order`.
  const groupRank = new Map<string, number>();
  for (const p of pages) {
    const key = `${p.section}\u0000${p.group}`;
    groupRank.set(key, Math.min(groupRank.get(key) ?? Infinity, p.order));
  }
  const rank = (p: T) => groupRank.get(`${p.section}\u0000${p.group}`) ?? 0;
  return [...pages].sort(
    (a, b) =>
      DOC_SECTIONS.indexOf(a.section) - DOC_SECTIONS.indexOf(b.section) ||
      rank(a) - rank(b) ||
      a.group.localeCompare(b.group) ||
      a.order - b.order ||
      a.title.localeCompare(b.title),
  );
}

async function markdownFiles(docsDir: string): Promise<string[]> {
  const entries = await readdir(docsDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.md') && e.name !== 'README.md')
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

interface FrontMatter {
  meta: z.infer<typeof FrontMatterSchema>;
  body: string;
  /** 1-based line in the file where the body starts. */
  bodyStartLine: number;
  /** 1-based line of a top-level key (the opening `---` when the key is absent). */
  lineOf(key: string): number;
}

function parseFrontMatter(
  source: string,
  file: string,
  problems: DocProblem[],
): FrontMatter | undefined {
  const lines = source.split('\n');
  const end = lines[0] === '---' ? lines.indexOf('---', 1) : -1;
  if (end < 0) {
    problems.push({
      file,
      line: 1,
      message: 'the page must start with YAML front matter between two "---" lines',
    });
    return undefined;
  }
  const yamlText = lines.slice(1, end).join('\n');
  const lineOf = (key: string): number => {
    const index = lines.slice(1, end).findIndex((l) => l.startsWith(`${key}:`));
    return index < 0 ? 1 : index + 2;
  };
  const doc = parseDocument(yamlText);
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      // linePos is 1-based inside the YAML; the opening `---` is line 1 of the file.
      const line = (error.linePos?.[0]?.line ?? 0) + 1;
      // The YAML library's own position is inside the front matter; ours is in the file.
      const text = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      problems.push({ file, line, message: `front matter: ${text}` });
    }
    return undefined;
  }
  const parsed = FrontMatterSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      const where = issue.path.length > 0 ? ` ${issue.path.join('.')}` : '';
      problems.push({
        file,
        line: key ? lineOf(key) : 1,
        message: `front matter${where}: ${issue.message}`,
      });
    }
    return undefined;
  }
  return {
    meta: parsed.data,
    body: lines.slice(end + 1).join('\n'),
    bodyStartLine: end + 2,
    lineOf,
  };
}

function checkLink(
  link: FoundLink,
  pages: Map<string, DocPage>,
  endpointIds: Set<string>,
): string | undefined {
  const { href } = link;
  if (link.kind === 'image') {
    // The reference works offline and the CSP allows no remote images.
    return href.startsWith('data:')
      ? undefined
      : 'images must be data: URLs (bundled files are not supported yet)';
  }
  if (/^https?:\/\//i.test(href)) return undefined;
  if (href.startsWith('#/docs/')) {
    const [id = '', slug, ...rest] = href.slice('#/docs/'.length).split('/');
    const page = pages.get(id);
    if (!page || rest.length > 0) return `no page "${id}"`;
    if (slug !== undefined && !page.headings.some((h) => h.slug === slug)) {
      return `no heading "${slug}" on page "${id}" (it has: ${page.headings.map((h) => h.slug).join(', ') || 'none'})`;
    }
    return undefined;
  }
  if (href.startsWith('#/api/')) {
    const id = href.slice('#/api/'.length);
    return endpointIds.has(id) ? undefined : `no endpoint "${id}" in the catalogs`;
  }
  if (href.startsWith('#'))
    return 'in-page anchors break the hash router; link #/docs/<page>/<heading>';
  return 'links must be #/docs/<page>[/<heading>], #/api/<endpoint> or http(s)://';
}

function createRenderer(hl: HighlighterGeneric<string, string>): ReturnType<typeof MarkdownIt> {
  const md = MarkdownIt({ html: false, linkify: true, typographer: true });
  // Fuzzy links would turn file names like `hunt.py` into links to a country domain.
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false });
  md.use(anchor, { slugify, tabIndex: false });
  md.use(
    fromHighlighter(hl, {
      themes: { light: 'github-light', dark: 'github-dark' },
      // CSS variables only: the app's theme switch picks light or dark without a re-render.
      defaultColor: false,
      // shiki's plain-text language; the type only lists grammar-backed ones.
      defaultLanguage: PLAIN_TEXT,
      fallbackLanguage: PLAIN_TEXT,
    }),
  );
  md.core.ruler.push('reference_collect', collectTokens);

  const headingOpen = md.renderer.rules.heading_open;
  md.renderer.rules.heading_open = (tokens, idx, options, env, self) => {
    (env as RenderEnv).currentAnchor = attr(tokens[idx], 'id') || undefined;
    return headingOpen
      ? headingOpen(tokens, idx, options, env, self)
      : self.renderToken(tokens, idx, options);
  };

  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, options, renderEnv, self) => {
    const env = renderEnv as RenderEnv;
    const token = tokens[idx] as Token;
    const line = lineOf(env, token);
    const [rawLang = '', ...flags] = token.info.trim().split(/\s+/).filter(Boolean);
    const lang = rawLang || 'text';
    if (!(DOC_LANGUAGES as readonly string[]).includes(lang)) {
      env.problems.push({
        file: env.file,
        line,
        message: `code language "${lang}" is not one of ${DOC_LANGUAGES.join(', ')}`,
      });
    }
    const unknown = flags.filter((f) => f !== 'run');
    if (unknown.length > 0) {
      env.problems.push({
        file: env.file,
        line,
        message: `unknown fence flag(s) ${unknown.join(' ')} (only "run")`,
      });
    }
    const run = flags.includes('run');
    if (run && !RUNNABLE_LANGUAGES.includes(lang)) {
      env.problems.push({
        file: env.file,
        line,
        message: `only ${RUNNABLE_LANGUAGES.join(' and ')} samples can "run"`,
      });
    }
    const sample: DocSample = {
      id: `${env.pageId}#${env.samples.length}`,
      lang,
      code: token.content.replace(/\n$/, ''),
      run,
      line,
      ...(env.currentAnchor ? { anchor: env.currentAnchor } : {}),
    };
    env.samples.push(sample);
    const inner = fence
      ? fence(tokens, idx, options, env, self)
      : self.renderToken(tokens, idx, options);
    const escape = md.utils.escapeHtml;
    return `<div class="code-block" data-lang="${escape(lang)}" data-sample-id="${escape(sample.id)}">${inner.trimEnd()}</div>\n`;
  };
  return md;
}

function lineOf(env: RenderEnv, token: Token, needle?: string, map = token.map): number {
  const start = map?.[0] ?? 0;
  const end = map?.[1] ?? start + 1;
  if (needle) {
    for (let i = start; i < end; i++) {
      if (env.sourceLines[env.lineOffset + i]?.includes(needle)) return env.lineOffset + i + 1;
    }
  }
  return env.lineOffset + start + 1;
}

/** After markdown-it-anchor: headings, links (checked later), external-link attributes. */
function collectTokens(state: StateCore): void {
  const env = state.env as RenderEnv;
  const tokens = state.tokens;
  // Inline tokens in table cells carry no line map; their row (tr_open) does.
  let lastMap: [number, number] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.map) lastMap = token.map;
    const map = token.map ?? lastMap;
    if (token.type === 'code_block') {
      env.problems.push({
        file: env.file,
        line: lineOf(env, token),
        message: 'indented code block: use a fenced block with a language',
      });
    }
    if (token.type === 'heading_open') {
      const inline = tokens[i + 1];
      env.headings.push({
        slug: attr(token, 'id'),
        text: plainText(inline?.children ?? []),
        level: Number(token.tag.slice(1)),
      });
    }
    if (token.type !== 'inline' || !token.children) continue;
    for (const child of token.children) {
      if (child.type === 'link_open') {
        const href = attr(child, 'href');
        env.links.push({ kind: 'link', href, line: lineOf(env, token, href, map) });
        if (/^https?:\/\//i.test(href)) {
          // The renderer opens these through main's allowlist, never inside the app window.
          child.attrSet('data-external', 'true');
          child.attrSet('rel', 'noopener noreferrer');
        }
      } else if (child.type === 'image') {
        const src = attr(child, 'src');
        env.links.push({
          kind: 'image',
          href: src,
          line: lineOf(env, token, src.slice(0, 40), map),
        });
      }
    }
  }
}

function attr(token: Token | undefined, name: string): string {
  const value = token?.attrGet(name);
  return value === null || value === undefined ? '' : String(value);
}

function plainText(children: Token[]): string {
  return children
    .filter((t) => t.type === 'text' || t.type === 'code_inline')
    .map((t) => t.content)
    .join('')
    .trim();
}

const COLOR = [/^#[0-9a-f]{3,8}$/i];
const SHIKI_STYLES: Record<string, RegExp[]> = {};
for (const theme of ['light', 'dark']) {
  SHIKI_STYLES[`--shiki-${theme}`] = COLOR;
  SHIKI_STYLES[`--shiki-${theme}-bg`] = COLOR;
  SHIKI_STYLES[`--shiki-${theme}-font-style`] = [/^(italic|normal|inherit)$/];
  SHIKI_STYLES[`--shiki-${theme}-font-weight`] = [/^(bold|normal|inherit|[1-9]00)$/];
  SHIKI_STYLES[`--shiki-${theme}-text-decoration`] = [/^(underline|line-through|none|inherit)$/];
}
const TOKEN_STYLES: Record<string, RegExp[]> = {
  ...SHIKI_STYLES,
  color: COLOR,
  'background-color': COLOR,
  'font-style': [/^(italic|normal)$/],
  'font-weight': [/^(bold|normal|[1-9]00)$/],
  'text-decoration': [/^(underline|line-through|none)$/],
};
const ALIGN = { 'text-align': [/^(left|right|center)$/] };

/**
 * Only what markdown-it, shiki and our code-block wrapper produce. Markdown is rendered with
 * `html: false`, so this is the second line of defence: no script, no event handlers, no
 * `javascript:` URLs, no remote images, styles limited to shiki's colours.
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'a',
    'ul',
    'ol',
    'li',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'code',
    'pre',
    'span',
    'div',
    'blockquote',
    'hr',
    'br',
    'strong',
    'em',
    's',
    'img',
  ],
  allowedAttributes: {
    h1: ['id'],
    h2: ['id'],
    h3: ['id'],
    h4: ['id'],
    h5: ['id'],
    h6: ['id'],
    a: [
      'href',
      { name: 'data-external', values: ['true'] },
      { name: 'rel', values: ['noopener noreferrer'] },
    ],
    ol: ['start'],
    pre: ['class', 'style', 'tabindex'],
    code: ['class'],
    span: ['class', 'style'],
    div: ['class', 'data-lang', 'data-sample-id'],
    th: ['style'],
    td: ['style'],
    img: ['src', 'alt', 'title'],
  },
  allowedClasses: {
    pre: ['shiki', 'shiki-themes', 'github-light', 'github-dark'],
    code: ['language-*'],
    span: ['line'],
    div: ['code-block'],
  },
  allowedStyles: { pre: SHIKI_STYLES, span: TOKEN_STYLES, th: ALIGN, td: ALIGN },
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: { img: ['data'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
};

/** Sanitizes rendered page HTML (exported for tests of the allowlist itself). */
export function sanitizeDocHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/** A piece of Markdown outside the pages, e.g. an endpoint's description in the catalog. */
export interface MarkdownFragment {
  key: string;
  /** Where it comes from, for error messages (`resources/catalog/sentinelone/threats.yaml`). */
  file: string;
  text: string;
}

/**
 * Renders catalog Markdown with the pages' renderer and sanitizer, checking its links
 * against the built pages and endpoints. Throws `DocsBuildError` listing every problem.
 */
export async function renderMarkdownFragments(
  fragments: readonly MarkdownFragment[],
  pages: readonly DocPage[],
  endpointIds: Iterable<string>,
): Promise<Map<string, string>> {
  const md = createRenderer(await sharedHighlighter());
  const byId = new Map(pages.map((p) => [p.id, p]));
  const ids = new Set(endpointIds);
  const problems: DocProblem[] = [];
  const out = new Map<string, string>();
  for (const fragment of fragments) {
    const env: RenderEnv = {
      pageId: fragment.key,
      file: fragment.file,
      lineOffset: 0,
      sourceLines: fragment.text.split('\n'),
      headings: [],
      samples: [],
      links: [],
      problems,
    };
    out.set(fragment.key, sanitizeDocHtml(md.render(fragment.text, env)));
    for (const link of env.links) {
      const message = checkLink(link, byId, ids);
      if (message) {
        problems.push({
          file: fragment.file,
          line: link.line,
          message: `${fragment.key}: ${message}: ${link.href}`,
        });
      }
    }
  }
  if (problems.length > 0) throw new DocsBuildError(problems);
  return out;
}
