import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ConnectionConfigInput,
  ConnectionSummary,
  Diagnosis,
  HttpResponse,
} from '../../preload/contract';
import type { AppCore } from '../../main/core/app-core';
import { DEMO_S1_TOKENS } from '../../main/demo/sentinelone';
import { createTestCore } from '../helpers/app-harness';
import { freePort, startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server';

const ctx = { emit: () => undefined };
let core: AppCore;
let dataDir: string;
let s1Base: string;
let n = 0;

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await core.dispatch(channel, input, ctx);
  if (!r.ok)
    throw Object.assign(new Error(r.error.message), {
      code: r.error.code,
      details: r.error.details,
    });
  return r.value as T;
}

async function failure(channel: string, input: unknown) {
  const r = await core.dispatch(channel, input, ctx);
  if (r.ok) throw new Error(`expected ${channel} to fail`);
  return r.error;
}

function s1Config(over: Partial<ConnectionConfigInput> = {}): ConnectionConfigInput {
  return {
    name: 'Acme (demo-backed)',
    kind: 'sentinelone',
    baseUrl: s1Base,
    environment: 'staging',
    auth: { scheme: 'ApiToken' },
    ...over,
  };
}

async function createWithToken(
  over: Partial<ConnectionConfigInput>,
  token: string,
): Promise<ConnectionSummary> {
  const created = await call<ConnectionSummary>('connections:create', { config: s1Config(over) });
  await call('secrets:set', {
    connectionId: created.id,
    kind: 'token',
    value: token,
    storage: 'keychain',
  });
  return (await call<ConnectionSummary[]>('connections:list', {})).find(
    (c) => c.id === created.id,
  )!;
}

function send(connectionId: string, path: string, extra: Record<string, unknown> = {}) {
  return core.dispatch(
    'http:send',
    { requestId: `c${++n}`, connectionId, method: 'GET', path, ...extra },
    ctx,
  );
}

beforeAll(async () => {
  ({ core, dataDir } = createTestCore());
  s1Base = (await call<{ baseUrl: string }>('demo:start', { tenant: 'sentinelone' })).baseUrl;
});

afterAll(async () => {
  await core.dispose();
});

describe('connections', () => {
  it('lists both demo connections first', async () => {
    const list = await call<ConnectionSummary[]>('connections:list', {});
    expect(list.slice(0, 2).map((c) => c.id)).toEqual(['demo-sentinelone', 'demo-securex']);
    expect(list[0]).toMatchObject({ environment: 'demo', running: true, demo: true });
  });

  it('builds a SentinelOne base URL from a tenant name', async () => {
    expect(await call('connections:presets', { tenant: 'acme' })).toMatchObject({
      baseUrl: 'https://acme.sentinelone.net/web/api/v2.1',
    });
    expect(
      await call('connections:presets', { tenant: 'https://usea1-012.sentinelone.net/x' }),
    ).toMatchObject({
      baseUrl: 'https://usea1-012.sentinelone.net/web/api/v2.1',
    });
    // The editor shows the default rate-limit table before the connection is saved.
    const blank = await call<{ baseUrl: string; rateLimits: { pathPrefix: string }[] }>(
      'connections:presets',
      { tenant: '' },
    );
    expect(blank.baseUrl).toBe('');
    expect(blank.rateLimits.map((r) => r.pathPrefix)).toContain('/dv/init-query');
    expect((await failure('connections:presets', { tenant: 'bad tenant!' })).code).toBe(
      'invalid_connection',
    );
  });

  it('refuses http to a non-loopback host and names the field', async () => {
    const err = await failure('connections:create', {
      config: s1Config({ baseUrl: 'http://acme.sentinelone.net/web/api/v2.1' }),
    });
    expect(err.code).toBe('invalid_connection');
    expect(err.details).toEqual([expect.objectContaining({ path: ['baseUrl'] })]);
  });

  it('creates with default SentinelOne rate limits, persists without secrets, and deletes secrets with it', async () => {
    const created = await createWithToken({ name: 'Persisted' }, 'persist-token-0123456789');
    expect(created.config?.rateLimits?.find((r) => r.pathPrefix === '/agents')).toEqual({
      pathPrefix: '/agents',
      perSecond: 25,
      burst: 25,
    });
    const listed = (await call<ConnectionSummary[]>('connections:list', {})).find(
      (c) => c.id === created.id,
    )!;
    expect(listed.secret.present).toBe(true);
    expect(listed.secret.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    const file = readFileSync(join(dataDir, 'connections.json'), 'utf8');
    expect(JSON.parse(file)).toMatchObject({ version: 2, pendingSecretDeletes: [] });
    expect(file).toContain('Persisted');
    expect(file).not.toContain('persist-token-0123456789');
    expect(await call('connections:delete', { id: created.id })).toEqual({
      deleted: true,
      secretsDeleted: 1,
      secretsPending: 0,
    });
    expect(readFileSync(join(dataDir, 'connections.json'), 'utf8')).not.toContain('Persisted');
  });

  it('duplicates with its secrets, exports without them, imports back', async () => {
    const original = await createWithToken({ name: 'Exported' }, 'export-token-abcdefgh');
    const copy = await call<ConnectionSummary>('connections:duplicate', { id: original.id });
    expect(copy.name).toBe('Exported (copy)');
    expect(original.secret, JSON.stringify(original)).toMatchObject({ present: true });
    expect(original.secret.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(copy.secret.fingerprint).toBe(original.secret.fingerprint);
    const { json, count } = await call<{ json: string; count: number }>('connections:export', {
      ids: [original.id],
    });
    expect(count).toBe(1);
    expect(json).not.toContain('export-token-abcdefgh');
    const imported = await call<{ imported: ConnectionSummary[]; skipped: string[] }>(
      'connections:import',
      {
        json,
      },
    );
    expect(imported.imported.map((c) => c.name)).toEqual(['Exported']);
    expect(imported.imported[0]!.secret.present).toBe(false);
    const bad = JSON.parse(json);
    bad.connections.push({ name: 'Broken', kind: 'nope' });
    const partial = await call<{ imported: unknown[]; skipped: string[] }>('connections:import', {
      json: JSON.stringify(bad),
    });
    expect(partial.imported).toHaveLength(1);
    expect(partial.skipped[0]).toMatch(/^Broken: kind/);
    expect((await failure('connections:import', { json: '{"nope":1}' })).code).toBe(
      'invalid_input',
    );
  });

  it('sets a corrupt connections file aside and says so', async () => {
    const fresh = createTestCore();
    writeFileSync(
      join(fresh.dataDir, 'connections.json'),
      '{"version": 1, "connections": [ broken',
    );
    const r = await fresh.core.dispatch('connections:list', {}, ctx);
    expect(r.ok).toBe(true);
    expect(readdirSync(fresh.dataDir).some((f) => f.startsWith('connections.json.corrupt-'))).toBe(
      true,
    );
    await fresh.core.dispose();
  });
});

describe('test connection', () => {
  it('diagnoses the demo tenant as connected with token expiry', async () => {
    const d = await call<Diagnosis>('connections:test', { id: 'demo-sentinelone' });
    expect(d).toMatchObject({ ok: true, code: 'ok', status: 200 });
    expect(d.tokenExpiry?.daysLeft).toEqual(expect.any(Number));
  });

  it('diagnoses a wrong token as 401 in plain words', async () => {
    const c = await createWithToken({ name: 'Wrong token' }, 'definitely-wrong-token');
    const d = await call<Diagnosis>('connections:test', { id: c.id });
    expect(d).toMatchObject({ ok: false, code: 'unauthorized', status: 401 });
    expect(d.message).toMatch(/wrong, revoked or expired/);
  });

  it('diagnoses a missing /web/api/v2.1 as a wrong base path', async () => {
    const c = await createWithToken(
      { name: 'No base path', baseUrl: new URL(s1Base).origin },
      DEMO_S1_TOKENS.admin,
    );
    const d = await call<Diagnosis>('connections:test', { id: c.id });
    expect(d).toMatchObject({ ok: false, code: 'not_found' });
    expect(d.message).toMatch(/web\/api\/v2\.1/);
  });

  it('diagnoses refused, DNS and missing token', async () => {
    const port = await freePort();
    const refused = await createWithToken(
      { name: 'Refused', baseUrl: `http://127.0.0.1:${port}/web/api/v2.1` },
      'x-token-123',
    );
    expect(await call<Diagnosis>('connections:test', { id: refused.id })).toMatchObject({
      code: 'connection_refused',
    });
    const dns = await createWithToken(
      { name: 'DNS', baseUrl: 'https://no-such-tenant.invalid/web/api/v2.1' },
      'x-token-123',
    );
    expect(await call<Diagnosis>('connections:test', { id: dns.id })).toMatchObject({
      code: 'dns_failed',
    });
    const none = await call<ConnectionSummary>('connections:create', {
      config: s1Config({ name: 'No token' }),
    });
    expect(await call<Diagnosis>('connections:test', { id: none.id })).toMatchObject({
      code: 'secret_missing',
    });
  });
});

describe('test connection for the other kinds', () => {
  let silent: LoopbackServer;
  let guarded: LoopbackServer;
  beforeAll(async () => {
    silent = await startLoopbackServer(() => {
      // Never answers: the test must give up on its own.
    });
    guarded = await startLoopbackServer((r, res) => {
      const auth = r.headers.authorization ?? '';
      const ok =
        auth === 'Bearer generic-bearer-token' ||
        auth === `Basic ${Buffer.from('ops:basic-pass-123').toString('base64')}`;
      res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
      res.end(ok ? '{"status":"ok"}' : '{"error":"who are you"}');
    });
  });
  afterAll(async () => {
    await silent.close();
    await guarded.close();
  });

  async function generic(auth: Record<string, unknown>, secret?: { kind: string; value: string }) {
    const c = await call<ConnectionSummary>('connections:create', {
      config: {
        name: `Generic ${++n}`,
        kind: 'generic',
        baseUrl: guarded.origin,
        environment: 'sandbox',
        auth,
      },
    });
    if (secret) {
      await call('secrets:set', { connectionId: c.id, ...secret, storage: 'keychain' });
    }
    return c;
  }

  it('diagnoses a server that never answers as a timeout', async () => {
    const c = await call<ConnectionSummary>('connections:create', {
      config: {
        name: 'Silent',
        kind: 'generic',
        baseUrl: silent.origin,
        environment: 'sandbox',
        timeoutMs: 1000,
        auth: { scheme: 'none' },
      },
    });
    const d = await call<Diagnosis>('connections:test', { id: c.id });
    expect(d).toMatchObject({ ok: false, code: 'timeout', title: 'No answer in time' });
    expect(d.message.length).toBeGreaterThan(20);
  });

  it('tests generic Bearer and Basic connections with exactly their headers', async () => {
    const bearer = await generic(
      { scheme: 'Bearer' },
      { kind: 'token', value: 'generic-bearer-token' },
    );
    expect(await call<Diagnosis>('connections:test', { id: bearer.id })).toMatchObject({
      ok: true,
      code: 'ok',
    });
    expect(guarded.requests.at(-1)!.headers.authorization).toBe('Bearer generic-bearer-token');
    const basic = await generic(
      { scheme: 'Basic', username: 'ops' },
      { kind: 'password', value: 'basic-pass-123' },
    );
    expect(await call<Diagnosis>('connections:test', { id: basic.id })).toMatchObject({ ok: true });
    const wrong = await generic({ scheme: 'Bearer' }, { kind: 'token', value: 'nope-token' });
    expect(await call<Diagnosis>('connections:test', { id: wrong.id })).toMatchObject({
      ok: false,
      code: 'unauthorized',
      status: 401,
    });
  });

  it('tests a Sentinel Secure X connection: not signed in, then connected', async () => {
    const ssxBase = (await call<{ baseUrl: string }>('demo:start', { tenant: 'sentinel-secure-x' }))
      .baseUrl;
    const c = await call<ConnectionSummary>('connections:create', {
      config: {
        name: 'SSX tested',
        kind: 'sentinel-secure-x',
        baseUrl: ssxBase,
        environment: 'staging',
        auth: { scheme: 'SsxSession' },
      },
    });
    expect(await call<Diagnosis>('connections:test', { id: c.id })).toMatchObject({
      ok: false,
      code: 'auth_required',
    });
    await call('ssx:login', {
      connectionId: c.id,
      username: 'auditor',
      password: 'demo-auditor-password',
    });
    const d = await call<Diagnosis>('connections:test', { id: c.id });
    expect(d).toMatchObject({ ok: true, code: 'ok', status: 200 });
    expect(d.request?.url).toMatch(/\/api\/admin\/me$/);
  });
});

describe('origin-bound credentials on a connection', () => {
  let other: LoopbackServer;
  beforeAll(async () => {
    other = await startLoopbackServer((_r, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
  });
  afterAll(() => other.close());

  it('sends to another origin without credentials and says so', async () => {
    const c = await createWithToken({ name: 'Origin bound' }, 'origin-bound-token-42');
    const r = await send(c.id, `${other.origin}/steal`);
    expect(r.ok).toBe(true);
    expect((r as { value: HttpResponse }).value.credentialsAttached).toBe(false);
    expect(other.requests.at(-1)!.headers.authorization).toBeUndefined();
    const own = await send(c.id, 'threats?limit=1');
    expect((own as { value: HttpResponse }).value.credentialsAttached).toBe(true);
  });
});

describe('production safety in main', () => {
  it('asks for confirmation on a production POST, sends nothing, then sends once confirmed', async () => {
    const c = await createWithToken(
      { name: 'Prod', environment: 'production' },
      DEMO_S1_TOKENS.admin,
    );
    const log = core.demo.sentinelOne!;
    log.clearLog();
    const body = {
      kind: 'json',
      text: JSON.stringify({
        filter: { ids: ['1', '2'] },
        data: { incidentStatus: 'in_progress' },
      }),
    };
    const first = await send(c.id, 'threats/incident', { method: 'POST', body });
    expect(first.ok).toBe(false);
    const details = (
      first as {
        error: {
          code: string;
          details: { token: string; targetCount: number; destructive: boolean };
        };
      }
    ).error;
    expect(details.code).toBe('confirmation_required');
    expect(details.details).toMatchObject({ targetCount: 2, destructive: false, method: 'POST' });
    expect(log.requestLog()).toEqual([]);
    const confirmed = await send(c.id, 'threats/incident', {
      method: 'POST',
      body,
      confirmation: { token: details.details.token },
    });
    expect(confirmed.ok).toBe(true);
    expect(log.requestLog()).toHaveLength(1);
    // A token is single-use and bound to the exact request.
    const replay = await send(c.id, 'threats/incident', {
      method: 'POST',
      body,
      confirmation: { token: details.details.token },
    });
    expect(replay).toMatchObject({ ok: false, error: { code: 'confirmation_required' } });
    expect(log.requestLog()).toHaveLength(1);
  });

  it('needs the typed connection name for a destructive request', async () => {
    const c = await createWithToken(
      { name: 'Prod Kill', environment: 'production' },
      DEMO_S1_TOKENS.admin,
    );
    const body = { kind: 'json', text: '{"filter":{"ids":["1"]}}' };
    const ask = (await send(c.id, 'threats/mitigate/kill', { method: 'POST', body })) as {
      error: { code: string; details: { token: string; destructive: boolean } };
    };
    expect(ask.error.details.destructive).toBe(true);
    const wrongName = await send(c.id, 'threats/mitigate/kill', {
      method: 'POST',
      body,
      confirmation: { token: ask.error.details.token, typedName: 'prod kill' },
    });
    expect(wrongName).toMatchObject({ ok: false, error: { code: 'confirmation_required' } });
    const again = (wrongName as { error: { details: { token: string } } }).error.details.token;
    const ok = await send(c.id, 'threats/mitigate/kill', {
      method: 'POST',
      body,
      confirmation: { token: again, typedName: 'Prod Kill' },
    });
    expect(ok.ok).toBe(true);
  });

  it('refuses mutating requests on a read-only connection in main', async () => {
    const c = await createWithToken({ name: 'RO', readOnly: true }, DEMO_S1_TOKENS.admin);
    core.demo.sentinelOne!.clearLog();
    const r = await send(c.id, 'threats/mitigate/quarantine', {
      method: 'POST',
      body: { kind: 'json', text: '{"filter":{"ids":["1"]}}' },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'read_only' } });
    expect(core.demo.sentinelOne!.requestLog()).toEqual([]);
    expect((await send(c.id, 'threats?limit=1')).ok).toBe(true);
  });
});
