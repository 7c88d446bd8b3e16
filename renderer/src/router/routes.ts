import type { Product } from '../../../preload/contract';

/** Where the reference is: its home, a page (and heading), a product, a group, an endpoint. */
export type ReferencePlace =
  | { kind: 'home' }
  | { kind: 'doc'; id: string; anchor?: string }
  | { kind: 'product'; product: Product }
  | { kind: 'group'; product: Product; group: string }
  | { kind: 'endpoint'; id: string };

/** Every screen of the console, as a URL hash so deep links and back/forward work. */
export type Route =
  | { view: 'explorer' }
  | { view: 'connections' }
  | { view: 'audit' }
  | { view: 'history' }
  | { view: 'reference'; place: ReferencePlace };

export type View = Route['view'];

const PRODUCTS: readonly Product[] = ['sentinelone', 'sentinel-secure-x'];

function isProduct(value: string): value is Product {
  return (PRODUCTS as readonly string[]).includes(value);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * `#/explorer`, `#/connections`, `#/audit`, `#/docs`, `#/docs/<page>`,
 * `#/docs/<page>/<heading>`, `#/api/<endpoint id>`, `#/api/<product>`,
 * `#/api/<product>/<group>`. Anything else is null (the caller picks a default).
 */
export function parseHash(hash: string): Route | null {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decode);
  const [head, a, b] = parts;
  switch (head) {
    case 'explorer':
    case 'connections':
    case 'audit':
    case 'history':
      return parts.length === 1 ? { view: head } : null;
    case 'docs':
      if (!a) return { view: 'reference', place: { kind: 'home' } };
      return {
        view: 'reference',
        place: b ? { kind: 'doc', id: a, anchor: b } : { kind: 'doc', id: a },
      };
    case 'api':
      if (!a) return { view: 'reference', place: { kind: 'home' } };
      if (a.includes('.')) return { view: 'reference', place: { kind: 'endpoint', id: a } };
      if (!isProduct(a)) return null;
      return {
        view: 'reference',
        place: b ? { kind: 'group', product: a, group: b } : { kind: 'product', product: a },
      };
    default:
      return null;
  }
}

export function formatRoute(route: Route): string {
  if (route.view !== 'reference') return `#/${route.view}`;
  const p = route.place;
  const e = encodeURIComponent;
  switch (p.kind) {
    case 'home':
      return '#/docs';
    case 'doc':
      return p.anchor ? `#/docs/${e(p.id)}/${e(p.anchor)}` : `#/docs/${e(p.id)}`;
    case 'product':
      return `#/api/${p.product}`;
    case 'group':
      return `#/api/${p.product}/${e(p.group)}`;
    case 'endpoint':
      return `#/api/${e(p.id)}`;
  }
}

export const DEFAULT_ROUTE: Route = { view: 'explorer' };
