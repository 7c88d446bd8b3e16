import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SSX_ROUTE_RULES, type SsxRouteRule } from '../../main/core/ssx/route-permissions';
import { isRecord, listYaml, readYaml, type Problems } from './catalog-files';
import { derivedTitle, readGroupsFile } from './catalog-groups';
import {
  defaultFlags,
  isDocumented,
  routeKey,
  WrittenEndpointSchema,
  type SourcedEndpoint,
} from './catalog-types';

export const SSX_ROUTES_SOURCE = join(
  'resources',
  'catalog',
  'source',
  'sentinel-secure-x-routes.tsv',
);

/** One route of the route map, with `<name>` turned into `{name}` and the query split off. */
export interface SsxMapRoute {
  group: string;
  method: string;
  path: string;
  /** Query parameters the route map writes into the path (`?audience=<name>`). */
  query: string[];
  purpose: string;
}

const braces = (path: string) => path.replace(/<([^>]+)>/g, '{$1}');

export function readSsxRouteMap(root: string): SsxMapRoute[] {
  const lines = readFileSync(join(root, SSX_ROUTES_SOURCE), 'utf8').split(/\r?\n/);
  return lines
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [group = '', method = '', target = '', purpose = ''] = line.split('\t');
      const [path = '', search = ''] = target.split('?');
      const query = [...new URLSearchParams(search).keys()];
      return { group, method, path: braces(path), query, purpose };
    });
}

const RULES = new Map<string, SsxRouteRule>(
  SSX_ROUTE_RULES.map((rule) => [routeKey(rule.method, braces(rule.path)), rule]),
);

/** Written by the builder from the route table; a group file must not say them. */
const BUILDER_KEYS = ['product', 'documented', 'permission', 'audience'] as const;

export interface SecureXBuild {
  endpoints: SourcedEndpoint[];
  groups: { id: string; title: string; description: string }[];
}

export function buildSecureX(root: string, problems: Problems): SecureXBuild {
  const map = readSsxRouteMap(root);
  const mapByRoute = new Map(map.map((r) => [routeKey(r.method, r.path), r]));
  const dir = join(root, 'resources', 'catalog', 'sentinel-secure-x');
  const { content, groupsFile } = listYaml(dir);
  const seen = new Map<string, string>();
  const endpoints: SourcedEndpoint[] = [];

  for (const file of content) {
    const group = basename(file).replace(/\.ya?ml$/, '');
    const raw = readYaml(file, problems);
    if (raw === undefined || raw === null) continue;
    if (!isRecord(raw) || !Array.isArray(raw.endpoints)) {
      problems.add(file, undefined, 'expected a mapping with an `endpoints:` list');
      continue;
    }
    for (const key of Object.keys(raw))
      if (key !== 'endpoints')
        problems.add(file, undefined, `unknown top-level key "${key}" (endpoints)`);
    raw.endpoints.forEach((item: unknown, index: number) => {
      let label = `endpoints[${index}]`;
      if (isRecord(item) && typeof item.method === 'string' && typeof item.path === 'string')
        label = `${item.method} ${item.path}`;
      const report = (message: string) => problems.add(file, label, message);
      if (isRecord(item)) {
        for (const key of BUILDER_KEYS)
          if (key in item)
            report(
              `\`${key}\` is set by the builder (from main/core/ssx/route-permissions.ts); remove it`,
            );
      }
      const written = isRecord(item)
        ? Object.fromEntries(
            Object.entries(item).filter(([k]) => !(BUILDER_KEYS as readonly string[]).includes(k)),
          )
        : item;
      const parsed = WrittenEndpointSchema.safeParse(written);
      if (!parsed.success) return problems.addZod(file, label, parsed.error);
      const entry = parsed.data;
      if (entry.group !== undefined && entry.group !== group)
        report(`group "${entry.group}" differs from the file's group "${group}"`);
      if (!entry.id.startsWith(`ssx.${group}.`)) report(`id must start with "ssx.${group}."`);
      const key = routeKey(entry.method, entry.path);
      const route = mapByRoute.get(key);
      if (!route)
        return report('not a route of the route map (source/sentinel-secure-x-routes.tsv)');
      if (route.group !== group) report(`the route map puts this route in group "${route.group}"`);
      if (entry.path !== route.path) report(`write the path as the route map does: ${route.path}`);
      const earlier = seen.get(key);
      if (earlier) return report(`this route is already written in ${problems.rel(earlier)}`);
      seen.set(key, file);
      const params = [...(entry.params ?? [])];
      // The route map writes some query parameters into the path; they are parameters here.
      for (const name of route.query)
        if (!params.some((p) => p.name === name && p.in === 'query'))
          params.push({ name, in: 'query', type: 'string', required: true });
      const rule = RULES.get(key);
      if (!rule) report('main/core/ssx/route-permissions.ts has no rule for this route');
      const endpoint = {
        ...entry,
        product: 'sentinel-secure-x' as const,
        group,
        params,
        ...(rule?.permission && { permission: rule.permission }),
        ...(rule && { audience: rule.audience }),
        flags: { ...defaultFlags(entry.method, entry.path), ...entry.flags },
      };
      endpoints.push({ file, endpoint: { ...endpoint, documented: isDocumented(endpoint) } });
    });
  }

  const order = new Map(map.map((r, i) => [routeKey(r.method, r.path), i]));
  endpoints.sort(
    (a, b) =>
      (order.get(routeKey(a.endpoint.method, a.endpoint.path)) ?? 0) -
      (order.get(routeKey(b.endpoint.method, b.endpoint.path)) ?? 0),
  );
  return { endpoints, groups: secureXGroups(map, endpoints, groupsFile, problems) };
}

/** Route-map order: the groups as the seed's route map lists them. */
function secureXGroups(
  map: SsxMapRoute[],
  endpoints: SourcedEndpoint[],
  groupsFile: string | undefined,
  problems: Problems,
): SecureXBuild['groups'] {
  const written = groupsFile ? readGroupsFile(groupsFile, problems) : new Map();
  const ids = [...new Set(map.map((r) => r.group))];
  for (const id of written.keys())
    if (!ids.includes(id) && groupsFile)
      problems.add(groupsFile, id, `"${id}" is not a group of the route map (${ids.join(', ')})`);
  for (const { endpoint, file } of endpoints)
    if (!ids.includes(endpoint.group))
      problems.add(file, undefined, `"${endpoint.group}" is not a group of the route map`);
  return ids.map((id) => {
    const text = written.get(id);
    return { id, title: text?.title ?? derivedTitle(id), description: text?.description ?? '' };
  });
}

/** Routes of the route map the catalog lacks, and routes it has that the map does not. */
export function ssxRouteCoverage(
  endpoints: readonly { method: string; path: string }[],
  root: string,
): { missing: string[]; extra: string[] } {
  const map = readSsxRouteMap(root);
  const have = new Set(endpoints.map((e) => routeKey(e.method, e.path)));
  const want = new Set(map.map((r) => routeKey(r.method, r.path)));
  return {
    missing: map
      .filter((r) => !have.has(routeKey(r.method, r.path)))
      .map((r) => `${r.method} ${r.path}`),
    extra: endpoints
      .filter((e) => !want.has(routeKey(e.method, e.path)))
      .map((e) => `${e.method} ${e.path}`),
  };
}
