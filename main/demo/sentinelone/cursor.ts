import { validationError } from './envelope';

export type SortValue = string | number | boolean | null;
export type SortOrder = 'asc' | 'desc';

export interface SortSpec {
  field: string;
  order: SortOrder;
}

/**
 * What a cursor carries: the ordering it was issued for and the sort key of the last item
 * returned. Resuming "after this key" (keyset paging) means items that arrive or change
 * meanwhile never cause a repeat or a gap in what was already ordered.
 */
export interface CursorState {
  sort: SortSpec;
  after: [SortValue, string];
}

interface CursorJson {
  v: 1;
  s: string;
  o: SortOrder;
  k: [SortValue, string];
}

export function encodeCursor(state: CursorState): string {
  const json: CursorJson = { v: 1, s: state.sort.field, o: state.sort.order, k: state.after };
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');
}

const INVALID = 'Invalid cursor value received';

function isSortValue(value: unknown): value is SortValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

export function decodeCursor(raw: string): CursorState {
  // Accept both base64 alphabets: clients sometimes re-encode what they were given.
  if (raw.length > 2048 || !/^[A-Za-z0-9_\-+/]+={0,2}$/.test(raw)) throw validationError(INVALID);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
  } catch {
    throw validationError(INVALID);
  }
  const c = parsed as Partial<CursorJson> | null;
  if (
    typeof c !== 'object' ||
    c === null ||
    c.v !== 1 ||
    typeof c.s !== 'string' ||
    (c.o !== 'asc' && c.o !== 'desc') ||
    !Array.isArray(c.k) ||
    c.k.length !== 2 ||
    !isSortValue(c.k[0]) ||
    typeof c.k[1] !== 'string'
  ) {
    throw validationError(INVALID);
  }
  return { sort: { field: c.s, order: c.o }, after: [c.k[0], c.k[1]] };
}

function compareValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a !== typeof b) return typeof a < typeof b ? -1 : 1;
  return a < b ? -1 : 1;
}

/** Ids are numeric strings; compare by length first so "99" sorts before "100". */
function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Orders by the sort value, then by id, both in the requested direction. */
export function compareKeys(
  a: readonly [SortValue, string],
  b: readonly [SortValue, string],
  order: SortOrder,
): number {
  const result = compareValues(a[0], b[0]) || compareIds(a[1], b[1]);
  return order === 'asc' ? result : -result;
}
