import { compareKeys, decodeCursor, encodeCursor, type CursorState } from './cursor';
import type { SortSpec, SortValue } from './cursor';
import { validationError, type Pagination } from './envelope';
import { parseBoolean, parseIntInRange, type ParamSource } from './params';

export interface PageParams {
  limit: number;
  skip: number;
  cursor: CursorState | null;
  countOnly: boolean;
}

export const MAX_LIMIT = 1000;
export const MAX_SKIP = 1000;
export const DEFAULT_LIMIT = 10;

export function parsePaging(params: ParamSource): PageParams {
  const limitRaw = params.get('limit');
  const skipRaw = params.get('skip');
  const cursorRaw = params.get('cursor');
  const countOnlyRaw = params.get('countOnly');
  return {
    limit:
      limitRaw === undefined ? DEFAULT_LIMIT : parseIntInRange(limitRaw, 'limit', 1, MAX_LIMIT),
    skip: skipRaw === undefined ? 0 : parseIntInRange(skipRaw, 'skip', 0, MAX_SKIP),
    cursor: cursorRaw === undefined ? null : decodeCursor(cursorRaw),
    countOnly: countOnlyRaw === undefined ? false : parseBoolean(countOnlyRaw, 'countOnly'),
  };
}

/** How one resource can be sorted: allowed `sortBy` names and the default ordering. */
export interface Listing<T> {
  sortFields: Readonly<Record<string, (item: T) => SortValue>>;
  defaultSort: SortSpec;
  idOf: (item: T) => string;
}

export function parseSort<T>(params: ParamSource, listing: Listing<T>): SortSpec {
  const sortBy = params.get('sortBy');
  const sortOrder = params.get('sortOrder');
  if (sortOrder !== undefined && sortOrder !== 'asc' && sortOrder !== 'desc') {
    throw validationError(`sortOrder: Must be "asc" or "desc".`);
  }
  if (sortBy === undefined) {
    return { field: listing.defaultSort.field, order: sortOrder ?? listing.defaultSort.order };
  }
  if (!Object.hasOwn(listing.sortFields, sortBy)) {
    const allowed = Object.keys(listing.sortFields).join(', ');
    throw validationError(`sortBy: "${sortBy.slice(0, 60)}" is not sortable. Valid: ${allowed}.`);
  }
  return { field: sortBy, order: sortOrder ?? 'asc' };
}

/** A cursor carries its own ordering; it wins over sortBy/sortOrder on later pages. */
export function resolveSort<T>(
  params: ParamSource,
  page: PageParams,
  listing: Listing<T>,
): SortSpec {
  if (page.cursor === null) return parseSort(params, listing);
  if (!Object.hasOwn(listing.sortFields, page.cursor.sort.field)) {
    throw validationError('Invalid cursor value received');
  }
  return page.cursor.sort;
}

export function sortItems<T>(items: readonly T[], listing: Listing<T>, sort: SortSpec): T[] {
  const get = listing.sortFields[sort.field];
  if (!get) throw validationError(`sortBy: "${sort.field}" is not sortable.`);
  const keyed = items.map((item) => ({ item, key: [get(item), listing.idOf(item)] as const }));
  keyed.sort((a, b) => compareKeys(a.key, b.key, sort.order));
  return keyed.map((k) => k.item);
}

export interface Page<T> {
  items: T[];
  pagination: Pagination;
}

/** `matching` must already be sorted by `sort`. */
export function takePage<T>(
  matching: readonly T[],
  page: PageParams,
  sort: SortSpec,
  listing: Listing<T>,
): Page<T> {
  const totalItems = matching.length;
  if (page.countOnly) return { items: [], pagination: { nextCursor: null, totalItems } };
  const get = listing.sortFields[sort.field];
  if (!get) throw validationError(`sortBy: "${sort.field}" is not sortable.`);
  const keyOf = (item: T): [SortValue, string] => [get(item), listing.idOf(item)];
  let start = page.skip;
  if (page.cursor) {
    // First item strictly after the cursor key (binary search over the sorted list).
    const after = page.cursor.after;
    let lo = 0;
    let hi = totalItems;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(keyOf(matching[mid] as T), after, sort.order) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const items = matching.slice(start, start + page.limit);
  const last = items[items.length - 1];
  const more = start + page.limit < totalItems;
  const nextCursor = more && last !== undefined ? encodeCursor({ sort, after: keyOf(last) }) : null;
  return { items, pagination: { nextCursor, totalItems } };
}
