/**
 * The query side of the reference search, run in the renderer over the index built at build
 * time (`virtual:reference/search`). Every word must match (as a prefix, or within one typo
 * in five letters); when no document has them all, any word will do.
 */
import MiniSearch, { type SearchResult as MiniSearchResult } from 'minisearch';
import { SEARCH_OPTIONS } from './search-options';
import type { Product, SearchDocument, SearchKind } from './types';

export interface ReferenceSearchResult {
  /** The index document id: `page:<id>`, `section:<id>/<slug>`, `endpoint:<id>`, `sample:<page>#<n>`. */
  id: string;
  kind: SearchKind;
  title: string;
  route: string;
  /** About 200 characters of text around the first match (from the start when none is in the text). */
  snippet: string;
  method?: SearchDocument['method'];
  path?: string;
  product?: Product;
  /** Endpoint group title. */
  group?: string;
  score: number;
  /**
   * Lower-case indexed words that matched (after plural folding and typo correction): mark
   * every case-insensitive occurrence of each in title, path and snippet to highlight.
   */
  matches: string[];
}

export interface ReferenceSearchGroup {
  kind: SearchKind;
  label: string;
  results: ReferenceSearchResult[];
}

export interface SearchResults {
  /** In order of each group's best result; empty for a blank query. */
  groups: ReferenceSearchGroup[];
}

export interface ReferenceSearchOptions {
  /** Most results in all groups together; default 30. */
  limit?: number;
  /** Most results in one group, so one kind cannot crowd out the others; default 10. */
  perGroup?: number;
}

export interface ReferenceSearch {
  search(query: string, options?: ReferenceSearchOptions): SearchResults;
  documentCount: number;
}

export const SEARCH_KIND_LABELS: Record<SearchKind, string> = {
  page: 'Pages',
  section: 'Sections',
  endpoint: 'Endpoints',
  sample: 'Code samples',
};

const SNIPPET_BEFORE = 60;
const SNIPPET_LENGTH = 200;

export function createSearch(indexJson: string): ReferenceSearch {
  const index = MiniSearch.loadJSON<SearchDocument>(indexJson, SEARCH_OPTIONS);
  return {
    documentCount: index.documentCount,
    search(query, options = {}) {
      const limit = options.limit ?? 30;
      const perGroup = options.perGroup ?? 10;
      if (query.trim() === '') return { groups: [] };
      let hits = index.search(query);
      if (hits.length === 0) hits = index.search(query, { combineWith: 'OR' });
      const groups = new Map<SearchKind, ReferenceSearchGroup>();
      let taken = 0;
      for (const hit of hits) {
        if (taken >= limit) break;
        const kind = hit.kind as SearchKind;
        let group = groups.get(kind);
        if (!group) {
          group = { kind, label: SEARCH_KIND_LABELS[kind], results: [] };
          groups.set(kind, group);
        }
        if (group.results.length < perGroup) {
          group.results.push(toResult(hit));
          taken++;
        }
      }
      // Hits come best first, so groups are already in order of their best result.
      return { groups: [...groups.values()] };
    },
  };
}

function toResult(hit: MiniSearchResult): ReferenceSearchResult {
  const text = typeof hit.text === 'string' ? hit.text : '';
  const matches = [...new Set(hit.terms)];
  return {
    id: String(hit.id),
    kind: hit.kind as SearchKind,
    title: String(hit.title ?? ''),
    route: String(hit.route ?? ''),
    snippet: snippet(text, [...matches, ...hit.queryTerms]),
    ...(hit.method ? { method: hit.method as SearchDocument['method'] } : {}),
    ...(hit.path ? { path: String(hit.path) } : {}),
    ...(hit.product ? { product: hit.product as Product } : {}),
    ...(hit.group ? { group: String(hit.group) } : {}),
    score: hit.score,
    matches,
  };
}

/** Cuts `text` around the earliest occurrence of any term, on word boundaries. */
export function snippet(text: string, terms: readonly string[]): string {
  const lower = text.toLowerCase();
  let at = -1;
  for (const term of terms) {
    const found = term ? lower.indexOf(term.toLowerCase()) : -1;
    if (found >= 0 && (at < 0 || found < at)) at = found;
  }
  if (text.length <= SNIPPET_LENGTH) return text;
  let start = Math.max(0, (at < 0 ? 0 : at) - SNIPPET_BEFORE);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space >= 0 && space < (at < 0 ? start + 20 : at) ? space + 1 : start;
  }
  let end = Math.min(text.length, start + SNIPPET_LENGTH);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start + SNIPPET_LENGTH / 2) end = space;
  }
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
