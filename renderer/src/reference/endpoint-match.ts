import type { Catalog, Endpoint, HttpMethod, Product } from '../../../preload/contract';

/** `sentinelone.threats.list` → sentinelone; `ssx.devices.list` → sentinel-secure-x. */
export function productOfEndpointId(id: string): Product | null {
  if (id.startsWith('sentinelone.')) return 'sentinelone';
  if (id.startsWith('ssx.')) return 'sentinel-secure-x';
  return null;
}

/** SentinelOne catalog paths are relative to this; Secure X paths start at the origin. */
export const SENTINELONE_BASE_PATH = '/web/api/v2.1';

function segmentsOf(path: string): string[] {
  return path.split('?')[0]!.split('/').filter(Boolean);
}

function isParam(segment: string): boolean {
  return /^\{[^}]+\}$/.test(segment);
}

/**
 * The catalog endpoint a request hits, from its method and URL path. Literal
 * segments beat parameters (`/threats/export` is not `/threats/{id}`).
 */
export function findEndpoint(
  catalog: Catalog,
  method: string,
  pathname: string,
): Endpoint | undefined {
  let path = pathname.split('?')[0] ?? '';
  if (catalog.product === 'sentinelone') {
    const at = path.indexOf(SENTINELONE_BASE_PATH);
    if (at >= 0) path = path.slice(at + SENTINELONE_BASE_PATH.length);
  }
  const wanted = segmentsOf(path).map(decodeURIComponentSafe);
  let best: { endpoint: Endpoint; literals: number } | undefined;
  for (const endpoint of catalog.endpoints) {
    if (endpoint.method !== method.toUpperCase()) continue;
    const pattern = segmentsOf(endpoint.path);
    if (pattern.length !== wanted.length) continue;
    if (!pattern.every((s, i) => isParam(s) || s === wanted[i])) continue;
    const literals = pattern.filter((s) => !isParam(s)).length;
    if (!best || literals > best.literals) best = { endpoint, literals };
  }
  return best?.endpoint;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** What the response panel says when a 404/405 hits an endpoint the seed got wrong. */
export interface CatalogHint {
  endpointId: string;
  status: 'corrected' | 'seed-only';
  note: string;
  /** The endpoint to use instead, when there is one. */
  useId?: string;
}

export function hintFor(
  catalog: Catalog,
  method: string,
  pathname: string,
  status: number,
): CatalogHint | null {
  if (status !== 404 && status !== 405) return null;
  const endpoint = findEndpoint(catalog, method, pathname);
  if (!endpoint || (endpoint.status !== 'corrected' && endpoint.status !== 'seed-only')) {
    return null;
  }
  const note =
    endpoint.correction?.note ??
    endpoint.notes ??
    (endpoint.status === 'seed-only'
      ? 'Only the seed console lists this endpoint; nothing public confirms that a v2.1 console has it.'
      : 'The seed console had this endpoint wrong.');
  return {
    endpointId: endpoint.id,
    status: endpoint.status,
    note,
    ...(endpoint.correction?.use ? { useId: endpoint.correction.use } : {}),
  };
}

/** What Try-it puts in the explorer: method, path (placeholders kept), query rows, body. */
export interface TryItDraft {
  product: Product;
  method: HttpMethod;
  path: string;
  params: { name: string; value: string }[];
  body: string;
}

export function tryItDraft(endpoint: Endpoint): TryItDraft {
  const params = endpoint.params
    .filter((p) => p.in === 'query' && (p.default !== undefined || p.required))
    .map((p) => ({ name: p.name, value: p.default === undefined ? '' : String(p.default) }));
  const example = endpoint.body?.example;
  return {
    product: endpoint.product,
    method: endpoint.method,
    // Relative to the connection's base URL, which already ends in /web/api/v2.1 for SentinelOne.
    path: endpoint.path.replace(/^\//, ''),
    params,
    body: example === undefined ? '' : JSON.stringify(example, null, 2),
  };
}

/** The `{name}` placeholders still in a path, so nothing is sent until they are filled in. */
export function unfilledPathParams(path: string): string[] {
  return [...path.split('?')[0]!.matchAll(/\{([^}/]+)\}/g)].map((m) => m[1]!);
}

/** An endpoint as the app bundle carries it: its Markdown also rendered (and sanitized) at build time. */
export type RenderedEndpoint = Endpoint & {
  descriptionHtml?: string;
  notesHtml?: string;
  /** JSON Schema of the request body, for the body editor's validation. */
  bodyJsonSchema?: Record<string, unknown>;
};
