import { DEMO_S1_TOKENS, MAX_BODY_BYTES, type DemoRole } from './constants';
import { parseJsonBody, readBody } from './body';
import { ApiError, errorResult } from './envelope';
import type { Middleware, Router } from './router';

/** Turns thrown ApiErrors into the error envelope, and anything else into a 500 envelope. */
export const errorBoundary: Middleware = async (_ctx, next) => {
  try {
    return await next();
  } catch (err) {
    if (err instanceof ApiError) return errorResult(err);
    const detail = err instanceof Error ? err.message : String(err);
    return errorResult(new ApiError(500, `The demo server failed: ${detail.slice(0, 200)}`));
  }
};

const ROLE_BY_TOKEN = new Map<string, DemoRole>([
  [DEMO_S1_TOKENS.admin, 'admin'],
  [DEMO_S1_TOKENS.viewer, 'viewer'],
  [DEMO_S1_TOKENS.expiring, 'admin'],
]);

/** `Authorization: ApiToken <token>`; consoles accept any casing of the scheme (`APIToken`). */
export function roleFor(header: string | undefined): DemoRole | null {
  const match = /^\s*apitoken\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? (ROLE_BY_TOKEN.get(match[1] as string) ?? null) : null;
}

export const authenticate: Middleware = async (ctx, next) => {
  const header = ctx.headers.authorization;
  ctx.role = roleFor(header);
  if (ctx.role === null) {
    const detail = header
      ? 'The API token is invalid or expired.'
      : 'Missing Authorization header; send "Authorization: ApiToken <token>".';
    throw new ApiError(401, detail);
  }
  return next();
};

export function resolveRoute(router: Router): Middleware {
  return async (ctx, next) => {
    const found = router.resolve(ctx.method, ctx.path);
    if (found.kind === 'not-found') {
      throw new ApiError(404, `No resource at ${ctx.method} ${ctx.path.slice(0, 200)}.`);
    }
    if (found.kind === 'method-not-allowed') {
      throw new ApiError(
        405,
        `${ctx.method} is not supported here; use ${found.allow.join(', ')}.`,
        {
          headers: { Allow: found.allow.join(', ') },
        },
      );
    }
    ctx.route = found.route;
    ctx.params = found.params;
    return next();
  };
}

/** Viewers may read; every other method needs the admin token. */
export const requireWritePermission: Middleware = async (ctx, next) => {
  if (ctx.method !== 'GET' && !ctx.route?.readOnly && ctx.role !== 'admin') {
    throw new ApiError(403, 'This API token does not have permission for this action.');
  }
  return next();
};

export function readJsonBody(cap = MAX_BODY_BYTES): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD' && ctx.hasBody) {
      ctx.body = parseJsonBody(await readBody(ctx.req, cap));
    }
    return next();
  };
}
