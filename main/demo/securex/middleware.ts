import { parseJsonBody, readBody } from '../sentinelone/body';
import type { ApiResult as S1Result } from '../sentinelone/envelope';
import {
  hostGuard as s1HostGuard,
  loopbackOnly as s1LoopbackOnly,
} from '../sentinelone/loopback-guards';
import type { ApiContext as S1Context, Middleware as S1Middleware } from '../sentinelone/router';
import { SSX_MAX_BODY_BYTES } from './constants';
import type { SsxMiddleware } from './context';
import type { SsxRouteTable } from './route-table';
import {
  errorResult,
  forbidden,
  fromSharedError,
  internalError,
  invalidRequest,
  notFound,
  SsxError,
  type SsxErrorCode,
} from './errors';
import { hasPermission } from '../../core/ssx/permissions';

/** Turns thrown SsxErrors into the error body, and anything else into a 500 body. */
export const errorBoundary: SsxMiddleware = async (_ctx, next) => {
  try {
    return await next();
  } catch (err) {
    const mapped = fromSharedError(err);
    return errorResult(mapped instanceof SsxError ? mapped : internalError(mapped));
  }
};

const PASSED: S1Result = { status: 0, body: '' };

/**
 * Runs one of the SentinelOne tenant's loopback guards. They read only the Host/Origin
 * headers and the socket, so they get just those; a refusal keeps its status and message
 * under a Secure X code.
 */
function sharedGuard(guard: S1Middleware, code: SsxErrorCode): SsxMiddleware {
  return async (ctx, next) => {
    const view: Pick<S1Context, 'headers' | 'req'> = { headers: ctx.headers, req: ctx.req };
    try {
      await guard(view as S1Context, async () => PASSED);
    } catch (err) {
      throw fromSharedError(err, code);
    }
    return next();
  };
}

/** Only Host names on loopback: stops DNS-rebinding pages from driving the demo. */
export const hostGuard = sharedGuard(s1HostGuard, 'host_not_allowed');

/** Control routes have no auth: same-machine peers with no foreign Origin only. */
export const loopbackOnly = sharedGuard(s1LoopbackOnly, 'loopback_only');

export function resolveRoute(routes: SsxRouteTable): SsxMiddleware {
  return async (ctx, next) => {
    const found = routes.resolve(ctx.method, ctx.path);
    if (found.kind === 'not-found') {
      throw notFound(`No route at ${ctx.method} ${ctx.path.slice(0, 200)}.`);
    }
    if (found.kind === 'method-not-allowed') {
      const allow = found.allow.join(', ');
      throw new SsxError(
        405,
        'method_not_allowed',
        `${ctx.method} is not supported here; use ${allow}.`,
        { details: { allow: found.allow }, headers: { Allow: allow } },
      );
    }
    ctx.route = found.route;
    ctx.params = found.params;
    return next();
  };
}

/** The route's declared permission, checked against the caller's role. */
export const requirePermission: SsxMiddleware = async (ctx, next) => {
  const permission = ctx.route?.permission;
  if (permission !== undefined && !(ctx.auth && hasPermission(ctx.auth.admin.role, permission))) {
    throw forbidden(permission);
  }
  return next();
};

/** Reads and parses a JSON body (1 MB cap) for methods that carry one. */
export function readJsonBody(cap = SSX_MAX_BODY_BYTES): SsxMiddleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD' && ctx.hasBody) {
      const raw = await readBody(ctx.req, cap);
      try {
        ctx.body = parseJsonBody(raw);
      } catch (err) {
        const problem = err instanceof Error ? err.message : 'Not valid JSON.';
        throw invalidRequest('The request body is not valid JSON.', [{ field: 'body', problem }]);
      }
    }
    return next();
  };
}
