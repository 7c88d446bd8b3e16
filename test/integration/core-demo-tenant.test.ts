import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpResponse, SendInput } from '../../preload/contract';
import type { AppCore } from '../../main/core/app-core';
import { createHttpEngine, type Credentials } from '../../main/core/http/engine';
import { DEMO_S1_TOKENS } from '../../main/demo/sentinelone';
import { DEMO_S1_CONNECTION_ID } from '../../main/demo/demo-manager';
import { createTestCore } from '../helpers/app-harness';

let core: AppCore;
let baseUrl: string;
const events: unknown[] = [];
const ctx = { emit: (_e: string, payload: unknown) => void events.push(payload) };
let n = 0;

async function send(input: Partial<SendInput> & { path: string }): Promise<HttpResponse> {
  const result = await core.dispatch(
    'http:send',
    { requestId: `it-${++n}`, connectionId: DEMO_S1_CONNECTION_ID, method: 'GET', ...input },
    ctx,
  );
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as HttpResponse;
}

function json<T>(res: HttpResponse): T {
  if (res.body.kind !== 'text' || res.body.json === undefined) throw new Error('not JSON');
  return res.body.json as T;
}

type ThreatList = {
  data: Array<{ id: string; threatInfo: { mitigationStatus: string; incidentStatus: string } }>;
  pagination: { nextCursor: string | null; totalItems: number };
};

beforeAll(async () => {
  core = createTestCore().core;
  const started = await core.dispatch('demo:start', { tenant: 'sentinelone' }, ctx);
  if (!started.ok) throw new Error(started.error.message);
  baseUrl = (started.value as { baseUrl: string }).baseUrl;
});

afterAll(async () => {
  await core.dispose();
});

describe('core ↔ SentinelOne demo tenant over real HTTP', () => {
  it('pages through every threat with cursors: exactly totalItems distinct ids', async () => {
    const ids = new Set<string>();
    let cursor: string | null = null;
    let total: number;
    let pages = 0;
    do {
      const res = await send({
        path: 'threats',
        query: [
          { name: 'limit', value: '1000', enabled: true },
          ...(cursor ? [{ name: 'cursor', value: cursor, enabled: true }] : []),
        ],
      });
      expect(res.status).toBe(200);
      const body = json<ThreatList>(res);
      total = body.pagination.totalItems;
      for (const t of body.data) ids.add(t.id);
      cursor = body.pagination.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(total).toBeGreaterThanOrEqual(1500);
    expect(ids.size).toBe(total);
    expect(cursor).toBeNull();
  });

  it('limit=1001 → 400 with the error envelope', async () => {
    const res = await send({ path: 'threats?limit=1001' });
    expect(res.status).toBe(400);
    expect(json(res)).toMatchObject({ errors: [{ code: 4000010, title: 'Validation Error' }] });
  });

  it('mitigate then GET shows the new state', async () => {
    const list = json<ThreatList>(
      await send({
        path: 'threats?incidentStatuses=unresolved&mitigationStatuses=not_mitigated&limit=2',
      }),
    );
    const ids = list.data.map((t) => t.id);
    expect(ids).toHaveLength(2);
    const mitigated = await send({
      method: 'POST',
      path: 'threats/mitigate/quarantine',
      body: { kind: 'json', text: JSON.stringify({ filter: { ids } }) },
    });
    expect(mitigated.status).toBe(200);
    expect(json(mitigated)).toMatchObject({ data: { affected: 2 } });
    const after = json<ThreatList>(await send({ path: `threats?ids=${ids.join(',')}` }));
    expect(after.data.map((t) => t.threatInfo.mitigationStatus)).toEqual([
      'mitigated',
      'mitigated',
    ]);
  });

  it('refuses invalid JSON before anything reaches the tenant', async () => {
    core.demo.sentinelOne!.clearLog();
    const result = await core.dispatch(
      'http:send',
      {
        requestId: 'bad-body',
        connectionId: DEMO_S1_CONNECTION_ID,
        method: 'POST',
        path: 'threats/mitigate/kill',
        body: { kind: 'json', text: '{"filter": ' },
      },
      ctx,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_body' } });
    expect(core.demo.sentinelOne!.requestLog()).toEqual([]);
  });

  it('generated cURL, run by the real curl, gets the same status and body as the console', async () => {
    const spec = {
      connectionId: DEMO_S1_CONNECTION_ID,
      method: 'GET' as const,
      path: 'agents',
      query: [
        { name: 'isInfected', value: 'true', enabled: true },
        { name: 'limit', value: '3', enabled: true },
      ],
    };
    const curl = await core.dispatch('http:curl', spec, ctx);
    if (!curl.ok) throw new Error(curl.error.message);
    const { command, placeholders } = curl.value as { command: string; placeholders: string[] };
    expect(placeholders).toEqual(['S1_API_TOKEN']);
    expect(command).not.toContain(DEMO_S1_TOKENS.admin);
    // Async: the demo tenant answers from this very process, so blocking would deadlock.
    const { stdout: out } = await promisify(execFile)(
      'sh',
      ['-c', `${command} --silent --write-out '\\n%{http_code}'`],
      {
        env: { ...process.env, S1_API_TOKEN: DEMO_S1_TOKENS.admin },
        encoding: 'utf8',
      },
    );
    const consoleRes = await send({ ...spec });
    const cut = out.lastIndexOf('\n');
    expect(Number(out.slice(cut + 1))).toBe(consoleRes.status);
    expect(JSON.parse(out.slice(0, cut))).toEqual(json(consoleRes));
  });

  it('a stopped demo tenant gives connection_refused on its remembered URL', async () => {
    const other = createTestCore().core;
    await other.dispatch('demo:start', { tenant: 'sentinelone' }, ctx);
    await other.dispatch('demo:stop', { tenant: 'sentinelone' }, ctx);
    const result = await other.dispatch(
      'http:send',
      { requestId: 'stopped', connectionId: DEMO_S1_CONNECTION_ID, method: 'GET', path: 'threats' },
      ctx,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'connection_refused' } });
    await other.dispose();
  });

  it('a demo tenant never started says so', async () => {
    const fresh = createTestCore().core;
    const result = await fresh.dispatch(
      'http:send',
      { requestId: 'never', connectionId: DEMO_S1_CONNECTION_ID, method: 'GET', path: 'threats' },
      ctx,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'demo_not_running' } });
    await fresh.dispose();
  });
});

describe('engine ↔ demo tenant with other tokens', () => {
  const engine = createHttpEngine({
    memoryBytes: 8 * 1024 * 1024,
    maxBytes: 64 * 1024 * 1024,
    spoolDir: mkdtempSync(join(tmpdir(), 'soc-spool-')),
  });
  const creds = (token: string): Credentials => ({
    origin: new URL(baseUrl).origin,
    headers: [['Authorization', `ApiToken ${token}`]],
  });

  it('a wrong token → 401 with the envelope', async () => {
    const res = await engine.send(
      {
        requestId: 'wrong',
        method: 'GET',
        url: new URL(`${baseUrl}/threats`),
        headers: [],
        timeoutMs: 5000,
        followRedirects: true,
      },
      { credentials: creds('not-a-real-token') },
    );
    expect(res.status).toBe(401);
    expect(res.body.kind === 'text' && res.body.json).toMatchObject({
      errors: [{ code: 4010010 }],
    });
  });

  it('the viewer token on mitigate → 403 code 4030010, state unchanged', async () => {
    const before = await engine.send(
      {
        requestId: 'viewer-read',
        method: 'GET',
        url: new URL(
          `${baseUrl}/threats?incidentStatuses=unresolved&mitigationStatuses=active&limit=1`,
        ),
        headers: [],
        timeoutMs: 5000,
        followRedirects: true,
      },
      { credentials: creds(DEMO_S1_TOKENS.viewer) },
    );
    expect(before.status).toBe(200);
    const threat = json<ThreatList>(before).data[0]!;
    const res = await engine.send(
      {
        requestId: 'viewer-write',
        method: 'POST',
        url: new URL(`${baseUrl}/threats/mitigate/kill`),
        headers: [],
        body: JSON.stringify({ filter: { ids: [threat.id] } }),
        contentType: 'application/json',
        timeoutMs: 5000,
        followRedirects: true,
      },
      { credentials: creds(DEMO_S1_TOKENS.viewer) },
    );
    expect(res.status).toBe(403);
    expect(res.body.kind === 'text' && res.body.json).toMatchObject({
      errors: [{ code: 4030010, title: 'Insufficient permissions' }],
    });
    const after = await engine.send(
      {
        requestId: 'viewer-check',
        method: 'GET',
        url: new URL(`${baseUrl}/threats?ids=${threat.id}`),
        headers: [],
        timeoutMs: 5000,
        followRedirects: true,
      },
      { credentials: creds(DEMO_S1_TOKENS.viewer) },
    );
    expect(json<ThreatList>(after).data[0]!.threatInfo.mitigationStatus).toBe('active');
  });
});
