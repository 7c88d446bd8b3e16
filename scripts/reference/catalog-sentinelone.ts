import { join } from 'node:path';
import { SENTINELONE_DEFAULT_RATE_LIMITS } from '../../main/core/connections/presets';
import { isRecord, listYaml, readJson, readYaml, type Problems } from './catalog-files';
import { derivedTitle, groupIdForTag, readGroupsFile, type GroupText } from './catalog-groups';
import {
  defaultFlags,
  displayType,
  isDocumented,
  pathParamNames,
  rateLimitFor,
  routeKey,
  SentinelOneOverlaySchema,
  WrittenEndpointSchema,
  type DraftEndpoint,
  type DraftParam,
  type SentinelOneOverlay,
  type SourcedEndpoint,
} from './catalog-types';

/** One operation of `source/sentinelone-v2.1-operations.json` (identifiers only). */
interface SourceParam {
  name: string;
  type: string;
  isEnum?: boolean;
  collectionFormat?: 'csv';
  required?: boolean;
}
interface SourceOperation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  tag: string;
  operationId?: string;
  pathParams: SourceParam[];
  queryParams: SourceParam[];
  formParams?: SourceParam[];
  body: {
    model?: string;
    required?: boolean;
    fields: { name: string; type: string; required?: boolean; enum?: string[] }[];
  } | null;
  response: string | null;
}

export const SENTINELONE_SOURCE = join(
  'resources',
  'catalog',
  'source',
  'sentinelone-v2.1-operations.json',
);

/** `GET /threats/{id}/timeline` → `sentinelone.threats.get-threats-id-timeline`. */
export function derivedSentinelOneId(group: string, method: string, path: string): string {
  const words = `${method}-${path}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `sentinelone.${group}.${words}`;
}

function toParam(p: SourceParam, where: DraftParam['in']): DraftParam {
  const type = displayType(p.type, p.name);
  return {
    name: p.name,
    in: where,
    type,
    // A path parameter is always required, whatever the specification says.
    required: where === 'path' || p.required === true,
    ...(p.collectionFormat === 'csv' && type.startsWith('array<') && { collectionFormat: 'csv' }),
  };
}

function fromOperation(op: SourceOperation): DraftEndpoint {
  const group = groupIdForTag(op.tag);
  const order = pathParamNames(op.path);
  const pathParams = [...op.pathParams].sort(
    (a, b) => order.indexOf(a.name) - order.indexOf(b.name),
  );
  return {
    id: derivedSentinelOneId(group, op.method, op.path),
    product: 'sentinelone',
    method: op.method,
    path: op.path,
    group,
    ...(op.operationId && { operationId: op.operationId }),
    // The specification has no summaries of its own; an overlay writes one in our words.
    summary: `${op.method} ${op.path}`,
    description: '',
    params: [
      ...pathParams.map((p) => toParam(p, 'path')),
      ...op.queryParams.map((p) => toParam(p, 'query')),
      ...(op.formParams ?? []).map((p) => toParam(p, 'form')),
    ],
    ...(op.body && {
      body: {
        contentType: 'application/json',
        ...(op.body.model && { model: op.body.model }),
        fields: op.body.fields.map((f) => ({
          name: f.name,
          type: displayType(f.type, f.name),
          required: f.required === true,
          ...(f.enum && { enum: [...f.enum] }),
        })),
      },
    }),
    ...(op.response && { response: { status: 200, model: op.response } }),
    rateLimit: rateLimitFor(op.path, SENTINELONE_DEFAULT_RATE_LIMITS),
    flags: defaultFlags(op.method, op.path),
    status: 'spec',
  };
}

function entryLabel(raw: unknown, index: number, key: string): string {
  if (isRecord(raw) && typeof raw.match === 'string') return raw.match;
  if (isRecord(raw) && typeof raw.id === 'string') return raw.id;
  return `${key}[${index}]`;
}

/** Merges one overlay entry into its operation's endpoint, reporting every unknown name. */
function applyOverlay(
  target: DraftEndpoint,
  overlay: SentinelOneOverlay,
  report: (message: string) => void,
): void {
  const { match: _match, params, addParams, body, response, flags, ...plain } = overlay;
  Object.assign(target, plain);
  const list = (target.params ??= []);
  for (const [name, patch] of Object.entries(params ?? {})) {
    const param = list.find((p) => p.name === name);
    if (param) Object.assign(param, patch);
    else
      report(
        `params.${name}: the operation has no parameter "${name}" (use addParams for new ones)`,
      );
  }
  for (const added of addParams ?? []) {
    if (list.some((p) => p.name === added.name && p.in === added.in))
      report(
        `addParams: "${added.name}" is already a parameter of the operation; patch it under params`,
      );
    else list.push({ ...added });
  }
  if (body) {
    const { fields, ...rest } = body;
    const targetBody = (target.body ??= { contentType: 'application/json', fields: [] });
    Object.assign(targetBody, rest);
    const bodyFields = (targetBody.fields ??= []);
    for (const [name, patch] of Object.entries(fields ?? {})) {
      const field = bodyFields.find((f) => f.name === name);
      if (field) Object.assign(field, patch);
      else report(`body.fields.${name}: the operation's body has no field "${name}"`);
    }
  }
  if (response) target.response = { ...target.response, ...response };
  if (flags) target.flags = { ...target.flags, ...flags } as DraftEndpoint['flags'];
}

export interface SentinelOneBuild {
  endpoints: SourcedEndpoint[];
  groups: { id: string; title: string; description: string }[];
}

export function buildSentinelOne(root: string, problems: Problems): SentinelOneBuild {
  const sourceFile = join(root, SENTINELONE_SOURCE);
  const operations = readJson(sourceFile) as SourceOperation[];
  const byRoute = new Map<string, SourcedEndpoint>();
  const exact = new Map<string, SourcedEndpoint>();
  const tags = new Map<string, string>();
  for (const op of operations) {
    const sourced = { endpoint: fromOperation(op), file: sourceFile };
    exact.set(`${op.method} ${op.path}`, sourced);
    byRoute.set(routeKey(op.method, op.path), sourced);
    tags.set(groupIdForTag(op.tag), op.tag);
  }

  const dir = join(root, 'resources', 'catalog', 'sentinelone');
  const { content, groupsFile } = listYaml(dir);
  const matched = new Map<SourcedEndpoint, string>();
  const extras: SourcedEndpoint[] = [];
  for (const file of content) {
    const raw = readYaml(file, problems);
    if (raw === undefined || raw === null) continue;
    if (!isRecord(raw)) {
      problems.add(file, undefined, 'expected a mapping with `endpoints:` and/or `extras:`');
      continue;
    }
    for (const key of Object.keys(raw))
      if (key !== 'endpoints' && key !== 'extras')
        problems.add(file, undefined, `unknown top-level key "${key}" (endpoints, extras)`);
    const entries = Array.isArray(raw.endpoints) ? raw.endpoints : [];
    if (raw.endpoints !== undefined && !Array.isArray(raw.endpoints))
      problems.add(file, undefined, '`endpoints:` must be a list');
    entries.forEach((item: unknown, index: number) => {
      const label = entryLabel(item, index, 'endpoints');
      const parsed = SentinelOneOverlaySchema.safeParse(item);
      if (!parsed.success) return problems.addZod(file, label, parsed.error);
      const overlay = parsed.data;
      const [method = '', path = ''] = overlay.match.split(' ');
      const target = exact.get(`${method} ${path}`) ?? byRoute.get(routeKey(method, path));
      if (!target)
        return problems.add(file, label, `match names no operation of ${SENTINELONE_SOURCE}`);
      const earlier = matched.get(target);
      if (earlier)
        return problems.add(
          file,
          label,
          `this operation is already documented in ${problems.rel(earlier)}`,
        );
      matched.set(target, file);
      applyOverlay(target.endpoint, overlay, (m) => problems.add(file, label, m));
      target.file = file;
    });
    const extraEntries = Array.isArray(raw.extras) ? raw.extras : [];
    if (raw.extras !== undefined && !Array.isArray(raw.extras))
      problems.add(file, undefined, '`extras:` must be a list');
    extraEntries.forEach((item: unknown, index: number) => {
      const label = entryLabel(item, index, 'extras');
      const parsed = WrittenEndpointSchema.safeParse(item);
      if (!parsed.success) return problems.addZod(file, label, parsed.error);
      const extra = parsed.data;
      if (!extra.group) return problems.add(file, label, 'an extras entry needs `group`');
      if (byRoute.has(routeKey(extra.method, extra.path)))
        return problems.add(
          file,
          label,
          `${extra.method} ${extra.path} is an operation of the specification: document it under endpoints with match`,
        );
      extras.push({
        file,
        endpoint: {
          ...extra,
          group: extra.group,
          product: 'sentinelone',
          rateLimit: extra.rateLimit ?? rateLimitFor(extra.path, SENTINELONE_DEFAULT_RATE_LIMITS),
          flags: { ...defaultFlags(extra.method, extra.path), ...extra.flags },
        },
      });
    });
  }

  const endpoints = [...byRoute.values(), ...extras];
  for (const { endpoint } of endpoints) endpoint.documented = isDocumented(endpoint);
  return { endpoints, groups: sentinelOneGroups(endpoints, tags, groupsFile, problems) };
}

function sentinelOneGroups(
  endpoints: SourcedEndpoint[],
  tags: Map<string, string>,
  groupsFile: string | undefined,
  problems: Problems,
): SentinelOneBuild['groups'] {
  const written = groupsFile ? readGroupsFile(groupsFile, problems) : new Map<string, GroupText>();
  const used = new Set(endpoints.map((e) => e.endpoint.group));
  for (const id of written.keys())
    if (!used.has(id) && groupsFile)
      problems.add(
        groupsFile,
        id,
        `no endpoint is in group "${id}" (a vendor tag or an extras group)`,
      );
  // The order _groups.yaml gives (the reference's reading order), then the rest by id.
  const ordered = [
    ...[...written.keys()].filter((id) => used.has(id)),
    ...[...used].filter((id) => !written.has(id)).sort(),
  ];
  return ordered.map((id) => {
    const text = written.get(id);
    return {
      id,
      title: text?.title ?? derivedTitle(tags.get(id) ?? id),
      description: text?.description ?? '',
    };
  });
}
