/**
 * Builds both API catalogs from `resources/catalog/` as `resources/catalog/README.md`
 * describes: the SentinelOne operations with our overlays merged over them, and the
 * Sentinel Secure X route map written out in full. Pure and deterministic (same files →
 * same output, no clock); every problem of a build is thrown together, naming its file
 * and entry.
 */
import {
  CatalogSchema,
  EndpointSchema,
  type Catalog,
  type Endpoint,
  type Product,
} from '../../preload/schemas/catalog';
import { CatalogBuildError, findRepoRoot, Problems } from './catalog-files';
import { buildSecureX, ssxRouteCoverage as coverage } from './catalog-securex';
import { buildSentinelOne } from './catalog-sentinelone';
import { pathParamNames, routeKey, type SourcedEndpoint } from './catalog-types';

export { CatalogBuildError, findRepoRoot } from './catalog-files';
export { derivedTitle, groupIdForTag } from './catalog-groups';
export { derivedSentinelOneId } from './catalog-sentinelone';
export { readSsxRouteMap, type SsxMapRoute } from './catalog-securex';

export interface Catalogs {
  sentinelone: Catalog;
  'sentinel-secure-x': Catalog;
}

const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

const HEADERS: Record<Product, Pick<Catalog, 'title' | 'baseUrl'>> = {
  sentinelone: {
    title: 'SentinelOne Management API v2.1',
    baseUrl: 'https://{tenant}.sentinelone.net/web/api/v2.1',
  },
  'sentinel-secure-x': {
    title: 'Sentinel Secure X control plane',
    baseUrl: 'https://{host}',
  },
};

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function label(e: SourcedEndpoint['endpoint']): string {
  return `${e.id ?? '(no id)'} (${e.method} ${e.path})`;
}

/** Checks the schema cannot express: unique ids and routes, corrections, path parameters. */
function check(
  product: Product,
  sourced: SourcedEndpoint[],
  groups: Catalog['groups'],
  problems: Problems,
): Endpoint[] {
  const ids = new Map<string, string>();
  const routes = new Map<string, string>();
  const groupIds = new Set(groups.map((g) => g.id));
  for (const { endpoint, file } of sourced) {
    const where = problems.rel(file);
    const earlier = ids.get(endpoint.id);
    if (earlier)
      problems.add(file, label(endpoint), `duplicate id "${endpoint.id}" (also in ${earlier})`);
    else ids.set(endpoint.id, where);
    const route = routeKey(endpoint.method, endpoint.path);
    const sameRoute = routes.get(route);
    if (sameRoute) problems.add(file, label(endpoint), `duplicate route (also in ${sameRoute})`);
    else routes.set(route, where);
    if (!groupIds.has(endpoint.group))
      problems.add(file, label(endpoint), `unknown group "${endpoint.group}"`);
    const inPath = pathParamNames(endpoint.path);
    const declared = (endpoint.params ?? []).filter((p) => p.in === 'path').map((p) => p.name);
    for (const name of inPath)
      if (!declared.includes(name))
        problems.add(
          file,
          label(endpoint),
          `path parameter {${name}} has no params entry with in: path`,
        );
    for (const name of declared)
      if (!inPath.includes(name))
        problems.add(file, label(endpoint), `params entry "${name}" (in: path) is not in the path`);
  }
  for (const { endpoint, file } of sourced) {
    const use = endpoint.correction?.use;
    if (use !== undefined && !ids.has(use))
      problems.add(file, label(endpoint), `correction.use names no endpoint: "${use}"`);
  }
  const endpoints: Endpoint[] = [];
  for (const { endpoint, file } of sourced) {
    const parsed = EndpointSchema.safeParse(endpoint);
    if (parsed.success) endpoints.push(parsed.data);
    else problems.addZod(file, label(endpoint), parsed.error);
  }
  if (product === 'sentinelone') {
    const groupOrder = new Map(groups.map((g, i) => [g.id, i]));
    endpoints.sort(
      (a, b) =>
        (groupOrder.get(a.group) ?? 0) - (groupOrder.get(b.group) ?? 0) ||
        compareText(a.path, b.path) ||
        METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method),
    );
  }
  return endpoints;
}

function assemble(product: Product, endpoints: Endpoint[], groups: Catalog['groups']): Catalog {
  return CatalogSchema.parse({ product, version: 1, ...HEADERS[product], groups, endpoints });
}

/**
 * Both catalogs from `<root>/resources/catalog/`. A Sentinel Secure X group file that is
 * not written yet is simply absent from the result; `ssxRouteCoverage` says what is missing.
 */
export function buildCatalogs(root: string = findRepoRoot()): Catalogs {
  const problems = new Problems(root);
  const s1 = buildSentinelOne(root, problems);
  const ssx = buildSecureX(root, problems);
  const s1Endpoints = check('sentinelone', s1.endpoints, s1.groups, problems);
  const ssxEndpoints = check('sentinel-secure-x', ssx.endpoints, ssx.groups, problems);
  problems.throwIfAny();
  return {
    sentinelone: assemble('sentinelone', s1Endpoints, s1.groups),
    'sentinel-secure-x': assemble('sentinel-secure-x', ssxEndpoints, ssx.groups),
  };
}

/** Routes of the route map (`source/sentinel-secure-x-routes.tsv`) the catalog lacks or adds. */
export function ssxRouteCoverage(
  catalog: Catalog,
  root: string = findRepoRoot(),
): { missing: string[]; extra: string[] } {
  return coverage(catalog.endpoints, root);
}

export function isCatalogBuildError(err: unknown): err is CatalogBuildError {
  return err instanceof CatalogBuildError;
}
