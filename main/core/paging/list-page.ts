/**
 * Reading one page of a SentinelOne list envelope:
 * `{"data":[…],"pagination":{"nextCursor":…,"totalItems":N}}`.
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The cursor of the next page, or undefined at the end. Recorded real answers mark the
 * last page as JSON null, the string "null", an empty string, or no `nextCursor` at all.
 */
export function nextCursorOf(body: unknown): string | undefined {
  if (!isObject(body) || !isObject(body.pagination)) return undefined;
  const cursor = body.pagination.nextCursor;
  if (typeof cursor !== 'string') return undefined;
  const trimmed = cursor.trim();
  return trimmed === '' || trimmed === 'null' ? undefined : cursor;
}

/** `pagination.totalItems`, when the page says. Shown as progress, never used as a bound. */
export function totalItemsOf(body: unknown): number | undefined {
  if (!isObject(body) || !isObject(body.pagination)) return undefined;
  const total = body.pagination.totalItems;
  return typeof total === 'number' && Number.isInteger(total) && total >= 0 ? total : undefined;
}

/**
 * The page's items: `data` itself, or, where `data` wraps the list (GET /sites answers
 * `{"data":{"allSites":{…},"sites":[…]}}`), its only array-valued field.
 */
export function pageItemsOf(body: unknown): unknown[] | undefined {
  if (!isObject(body)) return undefined;
  const data = body.data;
  if (Array.isArray(data)) return data;
  if (!isObject(data)) return undefined;
  const lists = Object.values(data).filter(Array.isArray);
  return lists.length === 1 ? lists[0] : undefined;
}

/** The id used to de-duplicate, when the item has one. */
export function itemIdOf(item: unknown): string | undefined {
  if (!isObject(item)) return undefined;
  const id = item.id ?? item.uuid;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** The server's own words for a failed page (`errors[0].detail`), for the stop reason. */
export function errorDetailOf(body: unknown): string | undefined {
  if (!isObject(body) || !Array.isArray(body.errors)) return undefined;
  const first: unknown = body.errors[0];
  if (!isObject(first)) return undefined;
  const detail = first.detail ?? first.title;
  return typeof detail === 'string' ? detail.slice(0, 500) : undefined;
}
