import {
  authenticateAcceptingGraphqlBearer,
  CatalogRoutes,
  resolveRouteOrCatalog,
  type CatalogOption,
} from './catalog-responder';
import type { ApiResult } from './envelope';
import { hostGuard } from './loopback-guards';
import { errorBoundary, readJsonBody, requireWritePermission } from './middleware';
import { Router, runChain, type ApiContext, type Middleware } from './router';
import { registerActivityRoutes } from './routes-activities';
import { registerAgentRoutes } from './routes-agents';
import { registerOrgRoutes } from './routes-org';
import { registerSystemRoutes } from './routes-system';
import { registerThreatRoutes } from './routes-threats';

export interface ApiApp {
  router: Router;
  /**
   * Adds a middleware after authentication and route resolution (so it sees `ctx.role` and
   * `ctx.route.key`) but before permission checks and body reading: the slot for per-route
   * rate limits and fault injection.
   */
  use(middleware: Middleware): void;
  handle(ctx: ApiContext): Promise<ApiResult>;
}

/** `catalog`: where answers for routes the demo lacks come from (catalog-responder.ts). */
export function createApiApp(options: { catalog?: CatalogOption } = {}): ApiApp {
  const router = new Router();
  registerThreatRoutes(router);
  registerAgentRoutes(router);
  registerActivityRoutes(router);
  registerOrgRoutes(router);
  registerSystemRoutes(router);

  const catalog = new CatalogRoutes('sentinelone', options.catalog);
  const head: Middleware[] = [
    errorBoundary,
    hostGuard,
    authenticateAcceptingGraphqlBearer,
    resolveRouteOrCatalog(router, catalog),
  ];
  const extra: Middleware[] = [];
  const tail: Middleware[] = [requireWritePermission, readJsonBody()];
  return {
    router,
    use: (middleware) => {
      extra.push(middleware);
    },
    handle: (ctx) => runChain([...head, ...extra, ...tail], ctx),
  };
}
