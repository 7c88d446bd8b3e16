import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { DemoFaultKind } from '../sentinelone/types';
import type { SsxAdminAccount } from './admins';
import type { ApiResult } from './errors';
import type { SsxPermission } from '../../core/ssx/permissions';
import type { SsxSession } from './session-store';
import type { SecureXState } from './state';

/** What a route may declare about itself; middlewares read it after route resolution. */
export interface SsxRouteOptions {
  /** Reachable without a bearer token (only the login routes). */
  public?: boolean;
  /** Checked before the body is read; a missing one is a 403 naming it in `details`. */
  permission?: SsxPermission;
}

export interface SsxRoute extends SsxRouteOptions {
  method: string;
  /** As written in the route map, with `:name` segments: `/api/admin/sessions/:sessionId/revoke`. */
  pattern: string;
  /** `POST /api/admin/sessions/:sessionId/revoke`: stable name for per-route limits and faults. */
  key: string;
  handler: SsxHandler;
  /** `catalog`: answered from the API catalog's example (see catalog-responder.ts). */
  source?: 'catalog';
}

export interface SsxAuth {
  admin: SsxAdminAccount;
  session: SsxSession;
}

export interface SsxContext {
  method: string;
  /** Full path without the query, e.g. `/api/admin/me`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  req: IncomingMessage;
  tenant: SecureXState;
  hasBody: boolean;
  route: SsxRoute | null;
  params: Record<string, string>;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
  /** The signed-in admin and the session the bearer token belongs to (set by login too). */
  auth: SsxAuth | null;
  /** Set by the fault switches when one shaped this answer; copied into the request log. */
  fault?: { kind: DemoFaultKind; delayedMs?: number };
}

export type SsxHandler = (ctx: SsxContext) => ApiResult | Promise<ApiResult>;
export type SsxMiddleware = (ctx: SsxContext, next: () => Promise<ApiResult>) => Promise<ApiResult>;

/** Runs middlewares in order, then the resolved route's handler. */
export function runSsxChain(
  middlewares: readonly SsxMiddleware[],
  ctx: SsxContext,
): Promise<ApiResult> {
  const dispatch = async (index: number): Promise<ApiResult> => {
    const middleware = middlewares[index];
    if (middleware) return middleware(ctx, () => dispatch(index + 1));
    if (!ctx.route) throw new Error('No route resolved before the handler ran');
    return ctx.route.handler(ctx);
  };
  return dispatch(0);
}

/** The authenticated caller; only call from handlers behind `authenticate`. */
export function requireAuth(ctx: SsxContext): SsxAuth {
  if (!ctx.auth) throw new Error(`${ctx.route?.key ?? ctx.path} ran without authentication`);
  return ctx.auth;
}
