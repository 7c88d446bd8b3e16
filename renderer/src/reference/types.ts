/**
 * What the offline reference hands the renderer. Built at build time by
 * `scripts/reference/bundle.ts` and loaded lazily through the `virtual:reference/*` modules
 * (see `virtual-modules.d.ts`); nothing here is fetched at run time.
 */
import type { Catalog, Endpoint, Product, Verification } from '../../../preload/schemas/catalog';

export type { Catalog, Endpoint, Product, Verification };

/** The sidebar sections of the docs; each is a folder under `resources/docs/`. */
export type DocSection = 'console' | 'sentinelone' | 'secure-x';

export interface DocSummary {
  /** Unique; the page lives at `#/docs/<id>`. */
  id: string;
  title: string;
  section: DocSection;
  /** The sidebar heading inside the section. */
  group: string;
  /** Position inside the group. */
  order: number;
  summary: string;
  /** The seed inventory's page id this page rewrites, if any. */
  seed?: string;
}

export interface DocHeading {
  /** The element id, stable across builds while the heading text stays; `#/docs/<page>/<slug>`. */
  slug: string;
  /** Plain text, no markup. */
  text: string;
  /** 1–6, as in `<h1>`–`<h6>`. */
  level: number;
}

/** One fenced code block of a page, kept as raw text for the Copy button and the CI run. */
export interface DocSample {
  /**
   * `<page id>#<n>`, where n is the block's index in `DocPage.samples` (0-based). The
   * rendered block carries it as `data-sample-id`.
   */
  id: string;
  /** bash, python, powershell, go, json, sql, graphql, yaml, http, typescript or text. */
  lang: string;
  /** Exactly the fenced text, without the trailing newline. */
  code: string;
  /** The fence's info string says `run`: CI executes it against the demo tenants. */
  run: boolean;
  /** 1-based line of the opening fence in the Markdown file. */
  line: number;
  /** Slug of the heading the block sits under, if any. */
  anchor?: string;
}

export interface DocPage extends DocSummary {
  /** Sanitized HTML (see `scripts/reference/docs.ts` for what may appear in it). */
  html: string;
  headings: DocHeading[];
  keywords: string[];
  /** Related catalog endpoint ids, listed at the end of the page. */
  endpoints: string[];
  samples: DocSample[];
}

export interface EndpointSummary {
  id: string;
  product: Product;
  method: Endpoint['method'];
  path: string;
  summary: string;
  group: string;
  status: Verification;
  documented: boolean;
  flags: Endpoint['flags'];
}

export interface ReferenceGroup {
  id: string;
  title: string;
  description: string;
  endpoints: EndpointSummary[];
}

export interface ReferenceProduct {
  product: Product;
  title: string;
  baseUrl: string;
  groups: ReferenceGroup[];
}

/** The small module the sidebar needs; everything else loads when opened. */
export interface ReferenceIndex {
  /** Sorted by section (console, sentinelone, secure-x), then group, then order. */
  docs: DocSummary[];
  products: ReferenceProduct[];
}

export type SearchKind = 'page' | 'section' | 'endpoint' | 'sample';

/** One document of the search index (see `search-options.ts` for which fields are indexed). */
export interface SearchDocument {
  /** `page:<id>`, `section:<id>/<slug>`, `endpoint:<id>`, `sample:<page>#<n>`. */
  id: string;
  kind: SearchKind;
  title: string;
  /** Plain text the snippet is cut from. */
  text: string;
  /** Where the result leads: `#/docs/pagination/fetch-all`, `#/api/sentinelone.threats.list`. */
  route: string;
  /** Extra indexed words that are not shown: keywords, parameter names, group and product titles. */
  keywords?: string;
  product?: Product;
  method?: Endpoint['method'];
  path?: string;
  /** Endpoint group title. */
  group?: string;
  /** Docs section of pages, sections and samples. */
  section?: DocSection;
  /** Ranking multiplier (documented endpoints rank above bare specification entries); default 1. */
  weight?: number;
}

/** `virtual:reference/search`: the serialized MiniSearch index. */
export interface SearchBundle {
  index: string;
}
