import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { DemoRole } from './constants';
import type { ApiResult } from './envelope';
import type { DemoState } from './state';
import type { DemoFaultKind } from './types';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiContext {
  method: string;
  /** Path below the API prefix (or the full path for control routes), e.g. `/threats`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  req: IncomingMessage;
  state: DemoState;
  hasBody: boolean;
  role: DemoRole | null;
  route: Route | null;
  params: Record<string, string>;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
  /** Set by the fault switches when one shaped this answer; copied into the request log. */
  fault?: { kind: DemoFaultKind; delayedMs?: number };
}

export type Handler = (ctx: ApiContext) => ApiResult | Promise<ApiResult>;
export type Middleware = (ctx: ApiContext, next: () => Promise<ApiResult>) => Promise<ApiResult>;

export interface RouteOptions {
  /** A POST that only reads (e.g. token details): viewers may call it. */
  readOnly?: boolean;
}

export interface Route extends RouteOptions {
  method: HttpMethod;
  pattern: string;
  /** Stable name such as `POST /threats/mitigate/:action`, for per-route limits and faults. */
  key: string;
  handler: Handler;
  segments: string[];
  /** `catalog`: answered from the API catalog's example (see catalog-responder.ts). */
  source?: 'catalog';
}

export type Resolution =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] as string;
    const got = actual[i] as string;
    if (want.startsWith(':')) params[want.slice(1)] = got;
    else if (want !== got) return null;
  }
  return params;
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: HttpMethod, pattern: string, handler: Handler, options: RouteOptions = {}): this {
    const key = `${method} ${pattern}`;
    this.routes.push({ method, pattern, key, handler, segments: splitPath(pattern), ...options });
    return this;
  }

  /** Every route's stable name (`GET /threats`, …), e.g. to validate fault rules. */
  keys(): string[] {
    return this.routes.map((route) => route.key);
  }

  get(pattern: string, handler: Handler, options?: RouteOptions): this {
    return this.add('GET', pattern, handler, options);
  }

  post(pattern: string, handler: Handler, options?: RouteOptions): this {
    return this.add('POST', pattern, handler, options);
  }

  resolve(method: string, path: string): Resolution {
    let actual: string[];
    try {
      actual = splitPath(path).map((s) => decodeURIComponent(s));
    } catch {
      return { kind: 'not-found' };
    }
    // Literal routes win over parameterised ones (e.g. /activities/types).
    const matches = this.routes
      .map((route) => ({ route, params: matchSegments(route.segments, actual) }))
      .filter((m): m is { route: Route; params: Record<string, string> } => m.params !== null)
      .sort((a, b) => Object.keys(a.params).length - Object.keys(b.params).length);
    if (matches.length === 0) return { kind: 'not-found' };
    const hit = matches.find((m) => m.route.method === method);
    if (hit) return { kind: 'found', route: hit.route, params: hit.params };
    return { kind: 'method-not-allowed', allow: [...new Set(matches.map((m) => m.route.method))] };
  }
}

/** Runs middlewares in order, then the matched route's handler. */
export function runChain(middlewares: readonly Middleware[], ctx: ApiContext): Promise<ApiResult> {
  const dispatch = async (index: number): Promise<ApiResult> => {
    const middleware = middlewares[index];
    if (middleware) return middleware(ctx, () => dispatch(index + 1));
    if (!ctx.route) throw new Error('No route resolved before the handler ran');
    return ctx.route.handler(ctx);
  };
  return dispatch(0);
}
