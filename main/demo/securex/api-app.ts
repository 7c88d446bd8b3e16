import { authenticate } from './authenticate';
import { runSsxChain, type SsxContext, type SsxMiddleware } from './context';
import {
  createSsxCatalogRoutes,
  resolveRouteOrCatalog,
  type CatalogOption,
} from './catalog-responder';
import type { ApiResult } from './errors';
import { errorBoundary, hostGuard, readJsonBody, requirePermission } from './middleware';
import { SsxRouteTable } from './route-table';
import { registerAdminAuthRoutes } from './routes-admin-auth';
import { registerAdminSessionRoutes } from './routes-admin-sessions';

export interface SsxApiApp {
  routes: SsxRouteTable;
  /**
   * Adds a middleware after route resolution and authentication (so it sees `ctx.route.key`
   * and `ctx.auth`) but before permission checks and body reading: the slot for per-route
   * rate limits, lockout counters and fault injection.
   */
  use(middleware: SsxMiddleware): void;
  handle(ctx: SsxContext): Promise<ApiResult>;
}

/**
 * The /api/** application. Later parts of the route map register here, one file per
 * group, each route naming the permission it needs:
 *   registerDeviceRoutes(routes)       — /api/devices/**
 *   registerCommandRoutes(routes)      — /api/command, /api/commands/**
 *   registerIntegrationRoutes(routes)  — /api/integrations/**
 *   registerRecoveryRoutes(routes)     — /api/recovery/**
 *   registerCampaignRoutes(routes)     — /api/update-campaigns/**
 *   registerServiceRoutes(routes)      — /api/admin/services/**, /api/admin/scheduled-jobs/**
 */
export function createSsxApiApp(options: { catalog?: CatalogOption } = {}): SsxApiApp {
  const routes = new SsxRouteTable();
  registerAdminAuthRoutes(routes);
  registerAdminSessionRoutes(routes);

  // Routes resolve before authentication, so a mistyped path is a 404 even without a token.
  // Routes of the route map not implemented here answer the catalog's example.
  const catalog = createSsxCatalogRoutes(options.catalog);
  const head: SsxMiddleware[] = [
    errorBoundary,
    hostGuard,
    resolveRouteOrCatalog(routes, catalog),
    authenticate,
  ];
  const extra: SsxMiddleware[] = [];
  const tail: SsxMiddleware[] = [requirePermission, readJsonBody()];
  return {
    routes,
    use: (middleware) => {
      extra.push(middleware);
    },
    handle: (ctx) => runSsxChain([...head, ...extra, ...tail], ctx),
  };
}
