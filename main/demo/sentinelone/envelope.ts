/** Response bodies in the shapes the SentinelOne v2.1 API uses. */
import type { StreamedBody } from './fault-huge-body';

export interface ApiResult {
  status: number;
  /** Already-serialised JSON. */
  body: string;
  headers?: Record<string, string>;
  /**
   * A dropped-connection fault: destroy the socket before any header is written, or after
   * the headers and part of the body. `status` is 0 when nothing at all is sent.
   */
  drop?: 'before-headers' | 'mid-body';
  /** A body too large to hold as a string (the `hugeBody` fault): written piece by piece. */
  stream?: StreamedBody;
}

const TITLES: Record<number, string> = {
  400: 'Validation Error',
  401: 'Authentication Failed',
  403: 'Insufficient permissions',
  404: 'Resource not found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Real consoles use HTTP status × 10000 + 10 for the error code (4000010, 4030010, …). */
export function errorCode(status: number): number {
  return status * 10_000 + 10;
}

/** Thrown anywhere in a handler or middleware; turned into the error envelope. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly headers?: Record<string, string>;

  constructor(
    status: number,
    detail: string,
    options?: { title?: string; headers?: Record<string, string> },
  ) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.title = options?.title ?? TITLES[status] ?? 'Error';
    this.headers = options?.headers;
  }
}

export function validationError(detail: string): ApiError {
  return new ApiError(400, detail);
}

export function errorResult(err: ApiError): ApiResult {
  const body = JSON.stringify({
    errors: [{ code: errorCode(err.status), detail: err.message, title: err.title }],
  });
  return { status: err.status, body, headers: err.headers };
}

export function jsonResult(payload: unknown, status = 200): ApiResult {
  return { status, body: JSON.stringify(payload) };
}

/**
 * One entry of `data.details[]`. Real consoles return a per-threat list next to `affected`
 * for mitigate / incident / analyst-verdict; public sources show that the list exists but
 * not its exact fields, so `id` + `success` plus the value that was set is our reading.
 */
export interface ActionDetail {
  id: string;
  success: boolean;
  [field: string]: unknown;
}

export function actionResult(affected: number, details?: readonly ActionDetail[]): ApiResult {
  const data = details === undefined ? { affected } : { affected, details };
  return jsonResult({ data, errors: [] });
}

/**
 * Items are serialised once and reused until they change: a 1000-threat page is ~4 MB of
 * JSON, and re-stringifying unchanged records on every page request is the main cost.
 */
const itemJson = new WeakMap<object, string>();

export function invalidateJson(item: object): void {
  itemJson.delete(item);
}

function serialise(item: object): string {
  let json = itemJson.get(item);
  if (json === undefined) {
    json = JSON.stringify(item);
    itemJson.set(item, json);
  }
  return json;
}

export interface Pagination {
  nextCursor: string | null;
  totalItems: number;
}

export function listResult(items: readonly object[], pagination: Pagination): ApiResult {
  const data = items.map(serialise).join(',');
  return { status: 200, body: `{"data":[${data}],"pagination":${JSON.stringify(pagination)}}` };
}

/** For shapes where `data` is not a plain array (GET /sites wraps it in an object). */
export function wrappedListResult(
  build: (itemsJson: string) => string,
  items: readonly object[],
  pagination: Pagination,
): ApiResult {
  const data = `[${items.map(serialise).join(',')}]`;
  return {
    status: 200,
    body: `{"data":${build(data)},"pagination":${JSON.stringify(pagination)}}`,
  };
}
