/**
 * The Secure X tenant's catalog fallback (see ../sentinelone/catalog-responder.ts): routes
 * of the route map the demo does not implement answer the catalog's response example,
 * behind the same session check and the route's permission from route-permissions.ts.
 *
 * Agent and workload routes are called with machine credentials the demo does not model;
 * here they take any valid admin session, so they stay reachable from the console.
 */
import type { Endpoint } from '../../../preload/schemas/catalog';
import { SSX_PERMISSIONS, type SsxPermission } from '../../core/ssx/permissions';
import {
  CatalogRoutes,
  exampleBody,
  missingBodyFields,
  missingQueryParams,
  type CatalogOption,
} from '../sentinelone/catalog-responder';
import type { SsxMiddleware, SsxRoute } from './context';
import { invalidRequest, notFound } from './errors';
import { resolveRoute } from './middleware';
import type { SsxRouteTable } from './route-table';

export type { CatalogOption };

function permissionOf(endpoint: Endpoint): SsxPermission | undefined {
  const p = endpoint.permission;
  return p && (SSX_PERMISSIONS as readonly string[]).includes(p) ? (p as SsxPermission) : undefined;
}

function catalogRoute(endpoint: Endpoint): SsxRoute {
  return {
    method: endpoint.method,
    pattern: endpoint.path,
    key: `CATALOG ${endpoint.method} ${endpoint.path}`,
    public: endpoint.audience === 'public',
    permission: permissionOf(endpoint),
    source: 'catalog',
    handler: (ctx) => {
      const issues = [
        ...missingQueryParams(endpoint, ctx.query).map((name) => ({
          field: `query.${name}`,
          problem: 'Required query parameter.',
        })),
        ...missingBodyFields(endpoint.body?.fields ?? [], ctx.body).map((field) => ({
          field,
          problem: 'Required.',
        })),
      ];
      if (issues.length > 0)
        throw invalidRequest('The request is missing required fields; see details.', issues);
      return { status: endpoint.response?.status ?? 200, body: exampleBody(endpoint, ctx.params) };
    },
  };
}

export function createSsxCatalogRoutes(option: CatalogOption): CatalogRoutes {
  return new CatalogRoutes('sentinel-secure-x', option);
}

/** The demo's own routes first; then the catalog; then the table's 404 or 405. */
export function resolveRouteOrCatalog(
  routes: SsxRouteTable,
  catalog: CatalogRoutes,
): SsxMiddleware {
  const plain = resolveRoute(routes);
  return async (ctx, next) => {
    const resolution = routes.resolve(ctx.method, ctx.path);
    if (resolution.kind !== 'found') {
      const hit = await catalog.match(ctx.method, ctx.path);
      if (hit) {
        ctx.route = catalogRoute(hit.endpoint);
        ctx.params = hit.params;
        return next();
      }
      if (resolution.kind === 'not-found' && catalog.loadError) {
        const reason = (catalog.loadError.message.split('\n')[0] ?? '').slice(0, 200);
        throw notFound(
          `No route at ${ctx.method} ${ctx.path.slice(0, 200)} (the demo's API catalog did not load: ${reason}).`,
        );
      }
    }
    return plain(ctx, next);
  };
}
