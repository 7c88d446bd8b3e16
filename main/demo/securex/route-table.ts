import { Router, type HttpMethod } from '../sentinelone/router';
import type { SsxHandler, SsxRoute, SsxRouteOptions } from './context';

export type SsxResolution =
  | { kind: 'found'; route: SsxRoute; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

/**
 * Path matching comes from the SentinelOne tenant's router (segment params, literal routes
 * beating parameterised ones, the Allow list for 405s). Its handlers are typed to that
 * tenant's context, so ours live in this table keyed by the router's route key.
 */
export class SsxRouteTable {
  private readonly matcher = new Router();
  private readonly routes = new Map<string, SsxRoute>();

  add(
    method: HttpMethod,
    pattern: string,
    handler: SsxHandler,
    options: SsxRouteOptions = {},
  ): this {
    const key = `${method} ${pattern}`;
    if (this.routes.has(key)) throw new Error(`Route registered twice: ${key}`);
    this.matcher.add(method, pattern, () => {
      throw new Error(`${key} must be dispatched through SsxRouteTable`);
    });
    this.routes.set(key, { method, pattern, key, handler, ...options });
    return this;
  }

  get(pattern: string, handler: SsxHandler, options?: SsxRouteOptions): this {
    return this.add('GET', pattern, handler, options);
  }

  post(pattern: string, handler: SsxHandler, options?: SsxRouteOptions): this {
    return this.add('POST', pattern, handler, options);
  }

  patch(pattern: string, handler: SsxHandler, options?: SsxRouteOptions): this {
    return this.add('PATCH', pattern, handler, options);
  }

  /** Registered routes in registration order, e.g. for a route catalog. */
  list(): SsxRoute[] {
    return [...this.routes.values()];
  }

  resolve(method: string, path: string): SsxResolution {
    const found = this.matcher.resolve(method, path);
    if (found.kind !== 'found') return found;
    const route = this.routes.get(found.route.key);
    if (!route) return { kind: 'not-found' };
    return { kind: 'found', route, params: found.params };
  }
}
