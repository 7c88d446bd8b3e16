/**
 * The demo tenants' fallback: a request no demo route answers, whose method and path match
 * a documented catalog endpoint with a response example, gets that example (after the
 * tenant's own auth and permission checks). Routes the demo implements are never shadowed,
 * and `corrected` / `seed-only` entries are not answered: a real console has no such route,
 * and the explorer's hints depend on seeing its 404 or 405.
 */
import type { BodyField, Catalog, Endpoint, Product } from '../../../preload/schemas/catalog';
import type { Catalogs } from '../../../scripts/reference/catalog';
import { ApiError, type ApiResult } from './envelope';
import { authenticate, resolveRoute, roleFor } from './middleware';
import type { Middleware, Route, Router } from './router';

// Loaded and built at most once per process, on the first request that needs it: a build
// reads and checks every catalog file (about half a second), and even loading the builder
// (YAML parser included) would add ~150 ms to every demo server start.
let built: Promise<Catalogs> | undefined;

function builtCatalogs(): Promise<Catalogs> {
  built ??= import('../../../scripts/reference/catalog').then((m) => m.buildCatalogs());
  return built;
}

/**
 * Where a demo server's fallback answers come from: a catalog given in its options (tests),
 * `null` for none, or `undefined` for the catalog built from `resources/catalog/`.
 */
export type CatalogOption = Catalog | null | undefined;

export interface CatalogMatch {
  endpoint: Endpoint;
  params: Record<string, string>;
}

interface Compiled {
  endpoint: Endpoint;
  segments: (string | null)[];
  names: string[];
  literals: number;
}

function answerable(e: Endpoint): boolean {
  return (
    e.documented &&
    e.response?.example !== undefined &&
    e.status !== 'corrected' &&
    e.status !== 'seed-only'
  );
}

function compile(catalog: Catalog): Compiled[] {
  return catalog.endpoints.filter(answerable).map((endpoint) => {
    const parts = endpoint.path.split('/').filter(Boolean);
    const segments = parts.map((s) => (/^\{[^}]+\}$/.test(s) ? null : s));
    const names = parts.filter((s, i) => segments[i] === null).map((s) => s.slice(1, -1));
    return { endpoint, segments, names, literals: segments.filter((s) => s !== null).length };
  });
}

/** The answerable endpoints of one catalog, matched like the demo routers match paths. */
export class CatalogRoutes {
  private compiled: Promise<Compiled[]> | undefined;
  /** Why the built catalog could not be used, once a lookup tried it. */
  loadError: Error | undefined;

  constructor(
    private readonly product: Product,
    private readonly option: CatalogOption,
  ) {}

  private routes(): Promise<Compiled[]> {
    this.compiled ??= this.load();
    return this.compiled;
  }

  private async load(): Promise<Compiled[]> {
    if (this.option === null) return [];
    if (this.option) return compile(this.option);
    try {
      return compile((await builtCatalogs())[this.product]);
    } catch (err) {
      this.loadError = err instanceof Error ? err : new Error(String(err));
      return [];
    }
  }

  /** Literal segments beat parameters, as in the demo routers. */
  async match(method: string, path: string): Promise<CatalogMatch | undefined> {
    let actual: string[];
    try {
      actual = path.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return undefined;
    }
    let best: Compiled | undefined;
    for (const c of await this.routes()) {
      if (c.endpoint.method !== method || c.segments.length !== actual.length) continue;
      if (!c.segments.every((s, i) => s === null || s === actual[i])) continue;
      if (!best || c.literals > best.literals) best = c;
    }
    if (!best) return undefined;
    const values = actual.filter((_, i) => best.segments[i] === null);
    const params = Object.fromEntries(best.names.map((n, i) => [n, values[i] ?? '']));
    return { endpoint: best.endpoint, params };
  }
}

function valueAt(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/**
 * Required body fields the body lacks, by dotted name, outermost first: when `data` is
 * absent only `data` is named, not `data.x`; under an absent optional parent nothing is
 * missing; under `name[]` every item is checked.
 */
export function missingBodyFields(fields: readonly BodyField[], body: unknown): string[] {
  const declared = new Map(fields.map((f) => [f.name, f]));
  const missing: string[] = [];
  for (const field of fields) {
    if (!field.required) continue;
    const segments = field.name.split('.');
    const walk = (value: unknown, index: number, prefix: string): void => {
      const segment = segments[index] as string;
      const key = segment.replace(/\[\]$/, '');
      const name = prefix ? `${prefix}.${segment}` : segment;
      const child = valueAt(value, key);
      if (index === segments.length - 1) {
        if (child === undefined || child === null) missing.push(field.name);
        return;
      }
      if (child === undefined || child === null) {
        // A declared parent speaks for itself (missing if required, fine if optional).
        if (!declared.has(name)) missing.push(field.name);
        return;
      }
      if (segment.endsWith('[]') && Array.isArray(child)) {
        for (const item of child) walk({ [key]: item }, index, prefix);
        return;
      }
      walk(child, index + 1, name);
    };
    walk(body, 0, '');
  }
  return [...new Set(missing)];
}

/** Required query parameters the request lacks. */
export function missingQueryParams(endpoint: Endpoint, query: URLSearchParams): string[] {
  return endpoint.params
    .filter((p) => p.in === 'query' && p.required && !query.has(p.name))
    .map((p) => p.name);
}

/** The response example with `{name}` placeholders replaced by the request's path values. */
export function exampleBody(endpoint: Endpoint, params: Record<string, string>): string {
  const substitute = (value: unknown): unknown => {
    if (typeof value === 'string') {
      let out = value;
      for (const [name, given] of Object.entries(params)) out = out.split(`{${name}}`).join(given);
      return out;
    }
    if (Array.isArray(value)) return value.map(substitute);
    if (typeof value === 'object' && value !== null)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v)]));
    return value;
  };
  const status = endpoint.response?.status ?? 200;
  // 204 and 304 carry no body.
  if (status === 204 || status === 304) return '';
  return JSON.stringify(substitute(endpoint.response?.example));
}

function catalogRoute(endpoint: Endpoint): Route {
  return {
    method: endpoint.method,
    pattern: endpoint.path,
    key: `CATALOG ${endpoint.method} ${endpoint.path}`,
    segments: endpoint.path.split('/').filter(Boolean),
    // The viewer token may call what the catalog says does not change anything.
    readOnly: !endpoint.flags.mutating,
    source: 'catalog',
    handler: (ctx): ApiResult => {
      const query = missingQueryParams(endpoint, ctx.query);
      if (query.length > 0)
        throw new ApiError(400, `Missing required query parameter(s): ${query.join(', ')}.`);
      const fields = missingBodyFields(endpoint.body?.fields ?? [], ctx.body);
      if (fields.length > 0)
        throw new ApiError(400, `Missing required body field(s): ${fields.join(', ')}.`);
      return { status: endpoint.response?.status ?? 200, body: exampleBody(endpoint, ctx.params) };
    },
  };
}

/**
 * The demo router first; then the catalog, for a method and path the router has no route
 * for; then the router's own 404 or 405.
 */
export function resolveRouteOrCatalog(router: Router, catalog: CatalogRoutes): Middleware {
  const plain = resolveRoute(router);
  return async (ctx, next) => {
    const resolution = router.resolve(ctx.method, ctx.path);
    if (resolution.kind !== 'found') {
      const hit = await catalog.match(ctx.method, ctx.path);
      if (hit) {
        ctx.route = catalogRoute(hit.endpoint);
        ctx.params = hit.params;
        return next();
      }
      if (resolution.kind === 'not-found' && catalog.loadError) {
        const reason = catalog.loadError.message.split('\n')[0] ?? '';
        throw new ApiError(
          404,
          `No resource at ${ctx.method} ${ctx.path.slice(0, 200)} (the demo's API catalog did not load: ${reason.slice(0, 200)}).`,
        );
      }
    }
    return plain(ctx, next);
  };
}

/**
 * `ApiToken <token>` everywhere; on GraphQL paths `Bearer <token>` too, as real consoles
 * accept from GraphQL clients.
 */
export const authenticateAcceptingGraphqlBearer: Middleware = async (ctx, next) => {
  if (/\/graphql$/.test(ctx.path)) {
    const bearer = /^\s*bearer\s+(\S+)\s*$/i.exec(ctx.headers.authorization ?? '');
    const role = bearer ? roleFor(`ApiToken ${bearer[1] as string}`) : null;
    if (role) {
      ctx.role = role;
      return next();
    }
  }
  return authenticate(ctx, next);
};
