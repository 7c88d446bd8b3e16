import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryShape, AuditVerifyShape, ConnectionSummary } from '../../preload/contract';
import type { AppCore } from '../../main/core/app-core';
import { DEMO_SSX_ADMINS } from '../../main/demo/securex';
import { DEMO_S1_TOKENS } from '../../main/demo/sentinelone';
import { createTestCore } from '../helpers/app-harness';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server';

const ctx = { emit: () => undefined };
let core: AppCore;
let dataDir: string;
let n = 0;
let slow: LoopbackServer;

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await core.dispatch(channel, input, ctx);
  if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), r.error);
  return r.value as T;
}

function send(connectionId: string, extra: Record<string, unknown>) {
  return core.dispatch(
    'http:send',
    { requestId: `a${++n}`, connectionId, method: 'GET', path: 'threats?limit=1', ...extra },
    ctx,
  );
}

async function newest(count = 1): Promise<AuditEntryShape[]> {
  return (await call<{ entries: AuditEntryShape[] }>('audit:list', { limit: count })).entries;
}

async function s1Connection(over: Record<string, unknown>): Promise<ConnectionSummary> {
  const base = core.demo.status('sentinelone').baseUrl;
  const created = await call<ConnectionSummary>('connections:create', {
    config: {
      name: 'Audited',
      kind: 'sentinelone',
      baseUrl: base,
      environment: 'staging',
      auth: { scheme: 'ApiToken' },
      ...over,
    },
  });
  await call('secrets:set', {
    connectionId: created.id,
    kind: 'token',
    value: DEMO_S1_TOKENS.admin,
    storage: 'keychain',
  });
  return created;
}

beforeAll(async () => {
  ({ core, dataDir } = createTestCore());
  await call('demo:start', { tenant: 'sentinelone' });
  await call('demo:start', { tenant: 'sentinel-secure-x' });
  slow = await startLoopbackServer((_req, res) => {
    setTimeout(() => res.end('late'), 5_000);
  });
});

afterAll(async () => {
  await slow.close();
  await core.dispose();
});

describe('the audit trail of mutating calls', () => {
  it('records a confirmed production POST with its status, target count and body hash — not the GET', async () => {
    const prod = await s1Connection({ name: 'Prod audited', environment: 'production' });
    const body = JSON.stringify({
      filter: { ids: ['1', '2', '3'] },
      data: { incidentStatus: 'in_progress' },
    });
    const request = {
      method: 'POST',
      path: 'threats/incident',
      body: { kind: 'json', text: body },
    };
    const ask = await send(prod.id, request);
    expect(ask).toMatchObject({ ok: false, error: { code: 'confirmation_required' } });
    // The question is not an outcome: nothing recorded yet.
    expect(await newest(10)).toEqual([]);
    const token = (ask as { error: { details: { token: string } } }).error.details.token;
    expect((await send(prod.id, { ...request, confirmation: { token } })).ok).toBe(true);
    await send(prod.id, {});
    const [entry, ...rest] = await newest(10);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      seq: 1,
      connectionId: prod.id,
      connectionName: 'Prod audited',
      environment: 'production',
      method: 'POST',
      status: 200,
      outcome: 'sent',
      confirmed: true,
      targetCount: 3,
      bodySha256: createHash('sha256').update(body).digest('hex'),
    });
    expect(entry!.url).toMatch(/\/web\/api\/v2\.1\/threats\/incident$/);
  });

  it('records a read-only refusal, a failure and a cancel', async () => {
    const ro = await s1Connection({ name: 'RO audited', readOnly: true });
    await send(ro.id, {
      method: 'POST',
      path: 'threats/mitigate/kill',
      body: { kind: 'json', text: '{"filter":{"ids":["1"]}}' },
    });
    expect((await newest())[0]).toMatchObject({
      outcome: 'refused',
      errorCode: 'read_only',
      status: null,
    });

    const generic = await call<ConnectionSummary>('connections:create', {
      config: {
        name: 'Slow API',
        kind: 'generic',
        baseUrl: slow.origin,
        environment: 'sandbox',
        auth: { scheme: 'none' },
      },
    });
    const pending = core.dispatch(
      'http:send',
      { requestId: 'to-cancel', connectionId: generic.id, method: 'DELETE', path: '/things/1' },
      ctx,
    );
    await expect.poll(() => slow.requests.length).toBeGreaterThan(0);
    await call('http:cancel', { requestId: 'to-cancel' });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'aborted' } });
    expect((await newest())[0]).toMatchObject({
      method: 'DELETE',
      outcome: 'cancelled',
      connectionName: 'Slow API',
    });

    const gone = await call<ConnectionSummary>('connections:create', {
      config: {
        name: 'Nowhere',
        kind: 'generic',
        baseUrl: 'http://127.0.0.1:9',
        environment: 'sandbox',
        auth: { scheme: 'none' },
      },
    });
    await send(gone.id, { method: 'PUT', path: '/x', body: { kind: 'text', text: 'x' } });
    expect((await newest())[0]).toMatchObject({
      outcome: 'failed',
      errorCode: 'connection_refused',
    });
  });

  it('records Sentinel Secure X sign-in, revoke and sign-out with the admin as actor', async () => {
    const admin = DEMO_SSX_ADMINS.find((a) => a.role === 'administrator')!;
    const id = 'demo-securex';
    await call('ssx:login', {
      connectionId: id,
      username: admin.username,
      password: admin.password,
    });
    const other = await core.demo.secureX!.createSessionFor(admin.username);
    await call('ssx:revoke', { connectionId: id, sessionId: other.sessionId });
    await call('ssx:logout', { connectionId: id });
    const [logout, revoke, login] = await newest(3);
    expect(login).toMatchObject({ actor: admin.username, outcome: 'sent', method: 'POST' });
    expect(login!.url).toMatch(/\/api\/admin\/login$/);
    expect(revoke).toMatchObject({ actor: admin.username, targetCount: 1 });
    expect(revoke!.url).toContain(`/api/admin/sessions/${other.sessionId}/revoke`);
    expect(logout!.url).toMatch(/\/api\/admin\/logout$/);
    // The password is nowhere in the log.
    const file = readFileSync(join(dataDir, 'audit', 'audit.jsonl'), 'utf8');
    expect(file).not.toContain(admin.password);
  });

  it('filters and pages the list, exports every line, and verifies the chain', async () => {
    const all = await call<{ entries: AuditEntryShape[]; nextBefore: number | null }>(
      'audit:list',
      { limit: 1000 },
    );
    expect(all.entries.map((e) => e.seq)).toEqual(
      [...all.entries.map((e) => e.seq)].sort((a, b) => b - a),
    );
    const page = await call<{ entries: AuditEntryShape[]; nextBefore: number | null }>(
      'audit:list',
      { limit: 2 },
    );
    expect(page.entries).toHaveLength(2);
    const older = await call<{ entries: AuditEntryShape[] }>('audit:list', {
      limit: 2,
      before: page.nextBefore,
    });
    expect(older.entries[0]!.seq).toBeLessThan(page.entries[1]!.seq);
    const cancelled = await call<{ entries: AuditEntryShape[] }>('audit:list', {
      outcome: 'cancelled',
    });
    expect(cancelled.entries.map((e) => e.connectionName)).toEqual(['Slow API']);
    const byText = await call<{ entries: AuditEntryShape[] }>('audit:list', { text: 'nowhere' });
    expect(byText.entries).toHaveLength(1);

    const exported = await call<{ jsonl: string; lines: number }>('audit:export', {});
    expect(exported.lines).toBe(all.entries.length);
    expect(
      exported.jsonl
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).seq),
    ).toEqual(all.entries.map((e) => e.seq).reverse());
    expect(await call<AuditVerifyShape>('audit:verify', {})).toMatchObject({
      ok: true,
      entries: all.entries.length,
    });
  });

  it('verify points at an entry edited on disk', async () => {
    const path = join(dataDir, 'audit', 'audit.jsonl');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const edited = JSON.parse(lines[0]!);
    edited.status = 204;
    lines[0] = JSON.stringify(edited);
    writeFileSync(path, lines.join('\n') + '\n');
    const result = await call<AuditVerifyShape>('audit:verify', {});
    expect(result.ok).toBe(false);
    expect(result.brokenAt).toMatchObject({ seq: 1, line: 1 });
    expect(result.message).toBeTruthy();
  });
});
