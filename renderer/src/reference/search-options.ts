/**
 * MiniSearch options of the reference search, shared by the build (`scripts/reference/
 * search-build.ts`) and the renderer (`search.ts`): `MiniSearch.loadJSON` must get exactly
 * the options the index was built with, or terms would be processed differently.
 */
import type { Options, SearchOptions } from 'minisearch';
import type { SearchDocument } from './types';

/**
 * Indexed fields. `pathWords` is not a document property: it is method and path together
 * (`POST /dv/cancel-query`), split into words by `tokenize`, so "dv cancel" finds it.
 */
export const SEARCH_FIELDS = ['title', 'pathWords', 'keywords', 'text'] as const;

/** Used at build time only, for indexed and stored fields (`loadJSON` reads no documents). */
export function extractField(document: SearchDocument, field: string): unknown {
  if (field === 'pathWords') return [document.method, document.path].filter(Boolean).join(' ');
  return (document as unknown as Record<string, unknown>)[field];
}

/** Returned with each result, so the palette needs nothing else to show and route it. */
export const SEARCH_STORE_FIELDS = [
  'kind',
  'title',
  'text',
  'route',
  'product',
  'method',
  'path',
  'group',
  'section',
  'weight',
] as const;

/**
 * Spaces, punctuation and symbols split words, so `/dv/cancel-query` is `dv cancel query`,
 * `{action}` is `action` and `$S1_API_TOKEN` is `s1 api token`.
 */
const SEPARATORS = /[\n\r\p{Z}\p{P}\p{S}]+/u;

export function tokenize(text: string): string[] {
  return text.split(SEPARATORS).filter(Boolean);
}

/**
 * A light plural folding (`threats` → `threat`, `queries` → `query`), applied to indexed and
 * typed words alike, so "webhooks management" meets a page titled "Webhook management".
 * Words ending in ss/us/is (`access`, `status`, `analysis`) are left alone.
 */
export function normalizeTerm(term: string): string {
  const lower = term.toLowerCase();
  if (lower.length > 4 && lower.endsWith('ies')) return `${lower.slice(0, -3)}y`;
  if (lower.length > 3 && lower.endsWith('s') && !/(ss|us|is)$/.test(lower)) {
    return lower.slice(0, -1);
  }
  return lower;
}

/**
 * At index time camelCase words are also indexed by their parts, so `nextCursor` is found
 * by "cursor" and `siteIds` by "site".
 */
export function processIndexTerm(term: string): string[] {
  const parts = term.split(/(?<=[a-z0-9])(?=[A-Z])/);
  const terms = parts.length > 1 ? [term, ...parts] : [term];
  return [...new Set(terms.map(normalizeTerm))];
}

/** Title and path weigh most; `weight` lifts documented endpoints over bare spec ones. */
export const SEARCH_DEFAULTS: SearchOptions = {
  boost: { title: 4, pathWords: 4, keywords: 2, text: 1 },
  prefix: true,
  fuzzy: 0.2,
  combineWith: 'AND',
  processTerm: normalizeTerm,
  boostDocument: (_id, _term, stored) => {
    const weight = stored?.weight;
    return typeof weight === 'number' ? weight : 1;
  },
};

export const SEARCH_OPTIONS: Options<SearchDocument> = {
  idField: 'id',
  fields: [...SEARCH_FIELDS],
  storeFields: [...SEARCH_STORE_FIELDS],
  extractField,
  tokenize,
  processTerm: processIndexTerm,
  searchOptions: SEARCH_DEFAULTS,
};
