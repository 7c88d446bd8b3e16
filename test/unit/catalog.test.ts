import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SSX_ROUTE_RULES } from '../../main/core/ssx/route-permissions';
import { CatalogSchema, type Catalog, type Endpoint } from '../../preload/schemas/catalog';
import {
  buildCatalogs,
  CatalogBuildError,
  derivedTitle,
  findRepoRoot,
  groupIdForTag,
  ssxRouteCoverage,
  type Catalogs,
} from '../../scripts/reference/catalog';

const FIXTURES = join(import.meta.dirname, '../fixtures/catalog');
const BASE = join(FIXTURES, 'base');

interface SourceOperation {
  method: string;
  path: string;
  operationId: string;
}

function byRoute(catalog: Catalog, method: string, path: string): Endpoint | undefined {
  return catalog.endpoints.find((e) => e.method === method && e.path === path);
}

function byId(catalog: Catalog, id: string | undefined): Endpoint | undefined {
  return catalog.endpoints.find((e) => e.id === id);
}

describe('the real catalogs (resources/catalog)', () => {
  let catalogs: Catalogs;
  let s1: Catalog;
  let ssx: Catalog;
  const root = findRepoRoot();

  beforeAll(() => {
    catalogs = buildCatalogs();
    s1 = catalogs.sentinelone;
    ssx = catalogs['sentinel-secure-x'];
  });

  it('are valid against the catalog schema', () => {
    for (const catalog of [s1, ssx]) {
      const result = CatalogSchema.safeParse(catalog);
      expect(result.success, result.error?.message).toBe(true);
    }
  });

  it('are deterministic: two builds are identical', () => {
    expect(JSON.stringify(buildCatalogs())).toBe(JSON.stringify(catalogs));
  });

  it('map every one of the 562 SentinelOne operations to exactly one endpoint', () => {
    const file = join(root, 'resources/catalog/source/sentinelone-v2.1-operations.json');
    const operations = JSON.parse(readFileSync(file, 'utf8')) as SourceOperation[];
    expect(operations).toHaveLength(562);
    const unmatched = operations.filter(
      (op) =>
        s1.endpoints.filter(
          (e) => e.method === op.method && e.path === op.path && e.operationId === op.operationId,
        ).length !== 1,
    );
    expect(unmatched.map((op) => `${op.method} ${op.path}`)).toEqual([]);
  });

  it('have unique ids, and every group an endpoint names exists', () => {
    for (const catalog of [s1, ssx]) {
      const ids = catalog.endpoints.map((e) => e.id);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
      const groups = new Set(catalog.groups.map((g) => g.id));
      expect(catalog.endpoints.filter((e) => !groups.has(e.group)).map((e) => e.id)).toEqual([]);
    }
  });

  it('mark the seed’s POST /threats/mark-as-resolved as corrected, pointing at POST /threats/incident', () => {
    const entry = byRoute(s1, 'POST', '/threats/mark-as-resolved');
    expect(entry?.status).toBe('corrected');
    const incident = byRoute(s1, 'POST', '/threats/incident');
    expect(incident).toBeDefined();
    expect(entry?.correction?.use).toBe(incident?.id);
  });

  it('keep the seed’s /notification-schema/connections entries as seed-only', () => {
    const entries = s1.endpoints.filter((e) =>
      e.path.startsWith('/notification-schema/connections'),
    );
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.filter((e) => e.status !== 'seed-only').map((e) => e.id)).toEqual([]);
  });

  it('correct the seed’s GraphQL for threats: alerts live at /unifiedalerts/graphql', () => {
    const graphql = s1.endpoints.filter((e) => e.path === '/graphql' && e.status === 'corrected');
    expect(graphql.length).toBeGreaterThan(0);
    for (const entry of graphql) {
      const target = byId(s1, entry.correction?.use);
      const pointsAtAlerts =
        target?.path === '/unifiedalerts/graphql' ||
        (entry.correction?.note ?? '').includes('/unifiedalerts/graphql');
      expect(pointsAtAlerts, entry.id).toBe(true);
    }
  });

  it('document at least 60 SentinelOne endpoints in full', () => {
    expect(s1.endpoints.filter((e) => e.documented).length).toBeGreaterThanOrEqual(60);
  });

  it('cover exactly the 75 routes of the Sentinel Secure X route map', () => {
    expect(ssxRouteCoverage(ssx, root)).toEqual({ missing: [], extra: [] });
    expect(ssx.endpoints).toHaveLength(75);
    expect(ssx.groups).toHaveLength(9);
  });

  it('describe every Sentinel Secure X route with a response example', () => {
    const thin = ssx.endpoints.filter(
      (e) => e.description.trim() === '' || e.response?.example === undefined,
    );
    expect(thin.map((e) => e.id)).toEqual([]);
  });

  it('take Secure X permission and audience from route-permissions.ts', () => {
    for (const rule of SSX_ROUTE_RULES) {
      const path = rule.path.replace(/<([^>]+)>/g, '{$1}');
      const entry = byRoute(ssx, rule.method, path);
      if (!entry) continue; // reported by the coverage test
      expect({ route: `${rule.method} ${path}`, permission: entry.permission ?? null }).toEqual({
        route: `${rule.method} ${path}`,
        permission: rule.permission,
      });
      expect(entry.audience).toBe(rule.audience);
    }
  });
});

describe('the catalog builder on a fixture tree', () => {
  let catalogs: Catalogs;
  beforeAll(() => {
    catalogs = buildCatalogs(BASE);
  });

  it('derives group ids and titles from vendor tags', () => {
    expect(groupIdForTag('AgentActions')).toBe('agent-actions');
    expect(groupIdForTag('RemoteOpsMMS')).toBe('remote-ops-mms');
    expect(groupIdForTag('ExclusionsV21')).toBe('exclusions-v21');
    expect(derivedTitle('AgentActions')).toBe('Agent actions');
    expect(derivedTitle('RBAC')).toBe('RBAC');
    const groups = catalogs.sentinelone.groups;
    // _groups.yaml first, in its order (by id or by tag), then the rest by id.
    expect(groups.map((g) => g.id)).toEqual([
      'threats',
      'sites',
      'agent-actions',
      'exclusions-and-blocklist',
      'threat-intelligence',
      'unified-alerts',
    ]);
    expect(groups[0]).toEqual({
      id: 'threats',
      title: 'Threats (fixture)',
      description: 'Threat triage, for the builder tests.',
    });
    expect(groups.find((g) => g.id === 'agent-actions')?.title).toBe('Agent actions');
    // An extras group that is not a vendor tag gets a title from its id.
    expect(groups.find((g) => g.id === 'unified-alerts')?.title).toBe('Unified alerts');
  });

  it('turns an operation into an endpoint: derived id, types, csv arrays, rate limit, flags', () => {
    const s1 = catalogs.sentinelone;
    const timeline = byRoute(s1, 'GET', '/threats/{threat_id}/timeline');
    expect(timeline).toMatchObject({
      id: 'sentinelone.threats.get-threats-threat-id-timeline',
      group: 'threats',
      operationId: 'webApiThreatsthreatIdTimelineGet',
      status: 'spec',
      documented: false,
      response: { status: 200, model: 'ThreatAnalysisSchemasTimelineViewSchemaMany200' },
      rateLimit: { pathPrefix: '/threats/', perSecond: 100, burst: 100 },
      flags: { mutating: false, destructive: false, protected: false },
    });
    expect(timeline?.params[0]).toEqual({
      name: 'threat_id',
      in: 'path',
      type: 'string',
      required: true,
    });
    const list = byRoute(s1, 'GET', '/threats');
    const param = (name: string) => list?.params.find((p) => p.name === name);
    expect(param('limit')).toMatchObject({
      type: 'integer',
      default: 10,
      minimum: 1,
      maximum: 1000,
    });
    expect(param('ids')).toMatchObject({ type: 'array<string>', collectionFormat: 'csv' });
    expect(param('createdAt__gt')?.type).toBe('date-time');
    expect(param('resolved')?.type).toBe('boolean');
    // isEnum without values stays without enum; an overlay adds the values.
    expect(param('incidentStatuses')?.enum).toEqual(['unresolved', 'in_progress', 'resolved']);
    expect(param('tenant')).toMatchObject({ in: 'query', type: 'boolean' });
    expect(list?.rateLimit?.pathPrefix).toBe('/threats');

    const disconnect = byRoute(s1, 'POST', '/agents/actions/disconnect');
    expect(disconnect?.flags).toEqual({ mutating: true, destructive: true, protected: false });
    expect(byRoute(s1, 'DELETE', '/threat-intelligence/iocs')?.flags.destructive).toBe(true);
    const upload = byRoute(s1, 'POST', '/exclusions/import');
    expect(upload?.params.map((p) => [p.name, p.in, p.type, p.required])).toEqual([
      ['filter', 'form', 'string', false],
      ['file', 'form', 'file', true],
    ]);
  });

  it('merges overlays: params, body fields and examples, and marks documented endpoints', () => {
    const s1 = catalogs.sentinelone;
    const incident = byId(s1, 'sentinelone.threats.set-incident-status');
    expect(incident).toMatchObject({ method: 'POST', path: '/threats/incident', documented: true });
    const field = (name: string) => incident?.body?.fields.find((f) => f.name === name);
    expect(field('filter.ids')).toMatchObject({ required: true, description: 'Threat ids.' });
    expect(field('data.incidentStatus')).toMatchObject({
      type: 'string',
      required: true,
      enum: ['unresolved', 'in_progress', 'resolved'],
    });
    expect(field('data')).toMatchObject({ type: 'object', required: true });
    expect(incident?.body?.example).toEqual({
      filter: { ids: ['1'] },
      data: { incidentStatus: 'resolved' },
    });
    const extra = byId(s1, 'sentinelone.threats.mark-as-resolved');
    expect(extra).toMatchObject({
      product: 'sentinelone',
      status: 'corrected',
      flags: { mutating: true, destructive: false, protected: false },
    });
  });

  it('fills Secure X permission, audience, flags and route-map query parameters', () => {
    const ssx = catalogs['sentinel-secure-x'];
    expect(byId(ssx, 'ssx.devices.review-identity')).toMatchObject({
      product: 'sentinel-secure-x',
      group: 'devices',
      permission: 'devices:review',
      audience: 'admin',
      flags: { mutating: true, destructive: false, protected: true },
    });
    expect(byId(ssx, 'ssx.admin-auth.me')?.permission).toBeUndefined();
    const assertion = byId(ssx, 'ssx.devices.trust-assertion');
    expect(assertion?.params.find((p) => p.name === 'audience')).toMatchObject({
      in: 'query',
      required: true,
    });
    // The groups are the route map's nine, in its order, whether written yet or not.
    expect(ssx.groups.map((g) => g.id)).toEqual([
      'admin-auth',
      'devices',
      'commands',
      'workload-trust',
      'integrations',
      'incident-policy-templates',
      'recovery',
      'update-campaigns',
      'services',
    ]);
    const coverage = ssxRouteCoverage(ssx, BASE);
    expect(coverage.extra).toEqual([]);
    expect(coverage.missing).toHaveLength(71);
    expect(coverage.missing).toContain('POST /api/admin/login');
  });
});

describe('catalog builder errors', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'catalog-fixture-'));
  });
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  /** The base fixture with `errors/<name>/` laid over its resources/catalog/. */
  function problemsOf(name: string): readonly string[] {
    const root = join(scratch, name);
    cpSync(BASE, root, { recursive: true });
    cpSync(join(FIXTURES, 'errors', name), join(root, 'resources/catalog'), { recursive: true });
    try {
      buildCatalogs(root);
    } catch (err) {
      expect(err).toBeInstanceOf(CatalogBuildError);
      expect((err as Error).message).toContain('The API catalogs have');
      return (err as CatalogBuildError).problems;
    }
    throw new Error(`${name}: the build did not fail`);
  }

  it('rejects a match that names no operation', () => {
    expect(problemsOf('unknown-match')).toEqual([
      'resources/catalog/sentinelone/broken.yaml: GET /threats/no-such-operation: match names no operation of resources/catalog/source/sentinelone-v2.1-operations.json',
    ]);
  });

  it('rejects an unknown parameter', () => {
    const [problem, ...rest] = problemsOf('unknown-param');
    expect(rest).toEqual([]);
    expect(problem).toMatch(
      /^resources\/catalog\/sentinelone\/broken\.yaml: GET \/threats\/\{threat_id\}\/timeline: params\.limitt: the operation has no parameter "limitt"/,
    );
  });

  it('rejects an unknown body field', () => {
    const [problem, ...rest] = problemsOf('unknown-body-field');
    expect(rest).toEqual([]);
    expect(problem).toContain(
      'broken.yaml: DELETE /threat-intelligence/iocs: body.fields.filter.uuidz',
    );
  });

  it('rejects a duplicate id, naming both files', () => {
    const problems = problemsOf('duplicate-id');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/broken\.yaml: sentinelone\.threats\.list .*duplicate id/);
    expect(problems[0]).toContain('threats.yaml');
  });

  it('rejects an extras entry on the route of a real operation', () => {
    const problems = problemsOf('extras-shadowing');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(
      'broken.yaml: sentinelone.threats.timeline-again: GET /threats/{id}/timeline is an operation of the specification',
    );
  });

  it('rejects a correction.use that names no endpoint', () => {
    const problems = problemsOf('bad-correction');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(
      'sentinelone.threats.mark-as-benign (POST /threats/mark-as-benign): correction.use names no endpoint: "sentinelone.threats.no-such-endpoint"',
    );
  });

  it('rejects a Secure X route that is not in the route map', () => {
    expect(problemsOf('ssx-unknown-route')).toEqual([
      'resources/catalog/sentinel-secure-x/commands.yaml: POST /api/commands/{command_id}/cancel: not a route of the route map (source/sentinel-secure-x-routes.tsv)',
    ]);
  });

  it('rejects builder-owned fields and path parameters the path does not have', () => {
    const problems = problemsOf('ssx-builder-fields');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('POST /api/command: `permission` is set by the builder');
    expect(problems[1]).toContain('params entry "device_id" (in: path) is not in the path');
  });
});
