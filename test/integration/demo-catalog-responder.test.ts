import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SSX_ADMINS, startSecureXDemo, type SecureXDemo } from '../../main/demo/securex';
import {
  DEMO_S1_TOKENS,
  startSentinelOneDemo,
  type SentinelOneDemo,
} from '../../main/demo/sentinelone';
import { buildCatalogs, type Catalogs } from '../../scripts/reference/catalog';

// Response bodies are checked field by field below; a full schema type would only repeat them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Reply {
  status: number;
  json: Json;
}

/** The fixture catalog, so these tests do not depend on how far the real content has got. */
const catalogs: Catalogs = buildCatalogs(join(import.meta.dirname, '../fixtures/catalog/base'));

async function send(
  url: string,
  options: { method?: string; authorization?: string; body?: unknown } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.authorization) headers.Authorization = options.authorization;
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

describe('SentinelOne demo: catalog fallback', () => {
  let demo: SentinelOneDemo;
  const s1 = (path: string, options: Parameters<typeof send>[1] & { token?: string } = {}) =>
    send(`${demo.baseUrl}${path}`, {
      authorization: `ApiToken ${options.token ?? DEMO_S1_TOKENS.admin}`,
      ...options,
    });

  beforeAll(async () => {
    demo = await startSentinelOneDemo({ catalog: catalogs.sentinelone });
  });
  afterAll(async () => {
    await demo.close();
  });
  beforeEach(() => {
    demo.clearLog();
  });

  it('answers a documented route the demo does not implement with its example', async () => {
    const reply = await s1('/sites/225494730938493804');
    expect(reply).toEqual({
      status: 200,
      json: {
        data: { id: '225494730938493804', name: 'Site 225494730938493804', state: 'active' },
      },
    });
    const [entry] = demo.requestLog();
    expect(entry).toMatchObject({
      method: 'GET',
      status: 200,
      source: 'catalog',
      authorized: true,
    });
  });

  it('lets the viewer token read, and refuses it a mutating fallback with 403 4030010', async () => {
    expect((await s1('/sites/1', { token: DEMO_S1_TOKENS.viewer })).status).toBe(200);
    const body = {
      filter: { siteIds: ['1'] },
      data: { osType: 'windows', type: 'path', value: 'C:\\x' },
    };
    const refused = await s1('/exclusions', { token: DEMO_S1_TOKENS.viewer, body });
    expect(refused.status).toBe(403);
    expect(refused.json.errors[0]).toMatchObject({
      code: 4030010,
      title: 'Insufficient permissions',
    });
    const allowed = await s1('/exclusions', { body });
    expect(allowed).toEqual({
      status: 200,
      json: { data: [{ id: 'fixture-exclusion', osType: 'windows' }] },
    });
  });

  it('answers 400 in the error envelope when required body fields are missing', async () => {
    const partial = await s1('/exclusions', { body: { filter: {}, data: { osType: 'windows' } } });
    expect(partial.status).toBe(400);
    expect(partial.json.errors[0]).toMatchObject({ code: 4000010, title: 'Validation Error' });
    expect(partial.json.errors[0].detail).toBe(
      'Missing required body field(s): data.type, data.value.',
    );
    const empty = await s1('/exclusions', { method: 'POST' });
    expect(empty.json.errors[0].detail).toBe('Missing required body field(s): filter, data.');
  });

  it('accepts a Bearer token on a GraphQL fallback', async () => {
    const query = { query: '{ alerts(first: 1) { totalCount } }' };
    const reply = await send(`${demo.baseUrl}/unifiedalerts/graphql`, {
      authorization: `Bearer ${DEMO_S1_TOKENS.viewer}`,
      body: query,
    });
    expect(reply).toEqual({ status: 200, json: { data: { alerts: { totalCount: 0 } } } });
    const wrong = await send(`${demo.baseUrl}/unifiedalerts/graphql`, {
      authorization: 'Bearer not-a-demo-token',
      body: query,
    });
    expect(wrong.status).toBe(401);
  });

  it('checks the token before answering from the catalog', async () => {
    const reply = await send(`${demo.baseUrl}/sites/1`);
    expect(reply.status).toBe(401);
    expect(reply.json.errors[0].code).toBe(4010010);
  });

  it('never shadows a route the demo implements', async () => {
    const reply = await s1('/threats?limit=2');
    expect(reply.status).toBe(200);
    expect(reply.json.data).toHaveLength(2);
    expect(reply.json.data[0].id).not.toBe('fixture-threat');
    expect(reply.json.pagination.totalItems).toBeGreaterThan(1);
    expect(demo.requestLog()[0]?.source).toBeUndefined();
  });

  it('still answers 404 for unknown routes and for corrected entries', async () => {
    const unknown = await s1('/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.json.errors[0]).toMatchObject({ code: 4040010, title: 'Resource not found' });
    // A real v2.1 console has no mark-as-resolved; the demo behaves like one.
    const corrected = await s1('/threats/mark-as-resolved', { body: { filter: { ids: ['1'] } } });
    expect(corrected.status).toBe(404);
    // Documented endpoints without an example are not answered either.
    expect((await s1('/threats/1/timeline')).status).toBe(404);
  });

  it('answers with no fallback at all when the catalog is turned off', async () => {
    const bare = await startSentinelOneDemo({ catalog: null });
    try {
      const reply = await send(`${bare.baseUrl}/sites/1`, {
        authorization: `ApiToken ${DEMO_S1_TOKENS.admin}`,
      });
      expect(reply.status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});

describe('Sentinel Secure X demo: catalog fallback', () => {
  let demo: SecureXDemo;
  const tokens: Record<string, string> = {};

  async function login(username: string): Promise<string> {
    const admin = DEMO_SSX_ADMINS.find((a) => a.username === username);
    const reply = await send(`${demo.baseUrl}/api/admin/login`, {
      body: { username, password: admin?.password },
    });
    expect(reply.status).toBe(200);
    return reply.json.token as string;
  }

  const ssx = (path: string, username: string, options: Parameters<typeof send>[1] = {}) =>
    send(`${demo.baseUrl}${path}`, { authorization: `Bearer ${tokens[username]}`, ...options });

  beforeAll(async () => {
    demo = await startSecureXDemo({ catalog: catalogs['sentinel-secure-x'] });
    for (const username of ['admin', 'auditor']) tokens[username] = await login(username);
  });
  afterAll(async () => {
    await demo.close();
  });
  beforeEach(() => {
    demo.clearLog();
  });

  it('refuses a role without the route’s permission with 403, naming the permission', async () => {
    const reply = await ssx('/api/devices/dev-0007/identity-review', 'auditor', {
      body: { decision: 'approve' },
    });
    expect(reply.status).toBe(403);
    expect(reply.json.error).toMatchObject({
      code: 'forbidden',
      details: { permission: 'devices:review' },
    });
    expect(reply.json.error.message).toContain('devices:review');
  });

  it('answers the example to a role with the permission, with path values filled in', async () => {
    const reply = await ssx('/api/devices/dev-0007/identity-review', 'admin', {
      body: { decision: 'approve' },
    });
    expect(reply).toEqual({ status: 200, json: { device: { id: 'dev-0007', trust: 'trusted' } } });
    expect(demo.requestLog()[0]).toMatchObject({
      path: '/api/devices/dev-0007/identity-review',
      status: 200,
      adminUsername: 'admin',
      source: 'catalog',
    });
    // The auditor may read devices.
    expect((await ssx('/api/devices', 'auditor')).status).toBe(200);
  });

  it('answers 400 invalid_request naming each missing required field', async () => {
    const reply = await ssx('/api/devices/dev-0007/identity-review', 'admin', {
      body: { reason: 'no decision' },
    });
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatchObject({
      code: 'invalid_request',
      details: [{ field: 'decision', problem: 'Required.' }],
    });
  });

  it('needs a valid session before answering from the catalog', async () => {
    const reply = await send(`${demo.baseUrl}/api/devices`);
    expect(reply.status).toBe(401);
    expect(reply.json.error.code).toBe('unauthenticated');
  });

  it('never shadows a route the demo implements, and still 404s unknown routes', async () => {
    const me = await ssx('/api/admin/me', 'admin');
    expect(me.status).toBe(200);
    expect(me.json.fixture).toBeUndefined();
    expect(demo.requestLog()[0]?.source).toBeUndefined();
    const unknown = await ssx('/api/nothing-here', 'admin');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('not_found');
    // Written in the catalog, but with no response example: not answered.
    const thin = await ssx('/api/devices/dev-0007/trust-assertion?audience=x', 'admin');
    expect(thin.status).toBe(404);
  });
});
