/**
 * Reads a SentinelOne list envelope (`{ data: [...], pagination: {...} }`)
 * into a few columns so the operator sees rows, not just a wall of JSON.
 */
export interface ListView {
  /** Dotted path into the item and the header to show for it. */
  columns: Array<{ path: string; label: string }>;
  rows: Array<{ key: string; cells: string[] }>;
  count: number;
  totalItems: number | null;
  nextCursor: string | null;
}

/** Name-ish fields across threats, agents, activities, sites, IOCs; dotted paths reach nested ones. */
const NAME_COLUMNS = [
  'name',
  'computerName',
  'threatInfo.threatName',
  'title',
  'primaryDescription',
  'value',
  'threatInfo.confidenceLevel',
  'threatInfo.incidentStatus',
  'osName',
  'networkStatus',
  'activityType',
  'type',
  'state',
  'createdAt',
];
const MAX_EXTRA_COLUMNS = 3;

function pick(item: Record<string, unknown>, path: string): unknown {
  let cur: unknown = item;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The last page is marked as null, "null", "" or a missing cursor; all mean "no next page". */
export function nextCursorOf(pagination: unknown): string | null {
  if (!isRecord(pagination)) return null;
  const cursor = pagination.nextCursor;
  return typeof cursor === 'string' && cursor !== '' && cursor !== 'null' ? cursor : null;
}

export function readListEnvelope(json: unknown, maxRows = 200): ListView | null {
  if (!isRecord(json) || !Array.isArray(json.data)) return null;
  const items = json.data.filter(isRecord);
  if (items.length !== json.data.length) return null; // PowerQuery rows are arrays: not this view
  const paths: string[] = [];
  if (items.some((it) => it.id !== undefined)) paths.push('id');
  const extras = NAME_COLUMNS.filter((path) => items.some((it) => pick(it, path) !== undefined));
  paths.push(...extras.slice(0, MAX_EXTRA_COLUMNS));
  const pagination = json.pagination;
  const total = isRecord(pagination) ? pagination.totalItems : undefined;
  return {
    columns: paths.map((path) => ({ path, label: path.split('.').pop() ?? path })),
    rows: items.slice(0, maxRows).map((it, index) => ({
      key: `${index}:${cell(it.id)}`,
      cells: paths.map((path) => cell(pick(it, path))),
    })),
    count: items.length,
    totalItems: typeof total === 'number' ? total : null,
    nextCursor: nextCursorOf(pagination),
  };
}
