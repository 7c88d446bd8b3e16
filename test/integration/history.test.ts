import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ConnectionSummary,
  HistoryGetOutput,
  HistoryPage,
  HistorySummary,
} from '../../preload/contract';
import type { AppCore } from '../../main/core/app-core';
import { DEMO_S1_CONNECTION_ID } from '../../main/demo/demo-manager';
import { DEMO_S1_TOKENS } from '../../main/demo/sentinelone';
import { createTestCore } from '../helpers/app-harness';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server';

const CANARY = 'CANARY-hist-7c0ffee5-do-not-leak';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('history through core.dispatch', () => {
  const messages: string[] = [];
  const added: HistorySummary[] = [];
  let core: AppCore;
  let dataDir: string;
  let echo: LoopbackServer;
  let n = 0;

  async function call<T>(channel: string, input: unknown): Promise<T> {
    const ctx = {
      emit: (event: string, p: unknown) => void messages.push(JSON.stringify({ event, p })),
    };
    const r = await core.dispatch(channel, input, ctx);
    messages.push(JSON.stringify(r));
    if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), r.error);
    return r.value as T;
  }

  async function send(connectionId: string, extra: Record<string, unknown> = {}) {
    const ctx = {
      emit: (event: string, p: unknown) => void messages.push(JSON.stringify({ event, p })),
    };
    const r = await core.dispatch(
      'http:send',
      { requestId: `h${++n}`, connectionId, method: 'GET', path: 'threats?limit=1', ...extra },
      ctx,
    );
    messages.push(JSON.stringify(r));
    return r;
  }

  const newest = async (q: Record<string, unknown> = {}) =>
    (await call<HistoryPage>('history:list', { limit: 10, ...q })).entries;

  beforeAll(async () => {
    // Bodies past 64 KiB stream to the engine's spool, so history copies one from there.
    ({ core, dataDir } = createTestCore({ bodyMemoryBytes: 64 * 1024 }));
    core.events.subscribe((event, payload) => {
      messages.push(JSON.stringify({ event, payload }));
      if (event === 'history:added') added.push(payload as HistorySummary);
    });
    await call('demo:start', { tenant: 'sentinelone' });
    // A server that echoes what it got — the credential included — in a big body and a cookie.
    echo = await startLoopbackServer((req, res) => {
      const seen = JSON.stringify({ url: req.url, authorization: req.headers.authorization });
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Set-Cookie': `session=${CANARY}; Path=/`,
      });
      res.end(`{"seen":${seen},"pad":"${'x'.repeat(300 * 1024)}","again":${seen}}`);
    });
  });

  afterAll(async () => {
    await echo.close();
    await core.dispose();
  });

  it('keeps a real send with its status, and pushes history:added', async () => {
    const r = await send(DEMO_S1_CONNECTION_ID);
    expect(r.ok).toBe(true);
    const [entry] = await newest();
    expect(entry).toMatchObject({
      connectionId: DEMO_S1_CONNECTION_ID,
      connectionName: 'Demo — SentinelOne',
      method: 'GET',
      status: 200,
      errorCode: null,
    });
    expect(entry!.url).toMatch(/\/web\/api\/v2\.1\/threats\?limit=1$/);
    expect(added.at(-1)?.id).toBe(entry!.id);
    const full = await call<HistoryGetOutput>('history:get', { id: entry!.id, withBodyText: true });
    expect(full.entry.response?.status).toBe(200);
    expect(full.entry.response?.headers.length).toBeGreaterThan(0);
    expect(full.entry.body.kind).toBe('text');
    expect(JSON.parse(full.bodyText!.text).data).toHaveLength(1);
    // No credential header was part of the request main was given, nor is one in the entry.
    expect(JSON.stringify(full.entry)).not.toContain(DEMO_S1_TOKENS.admin);

    const missing = await send(DEMO_S1_CONNECTION_ID, { path: 'no-such-endpoint' });
    expect(missing.ok).toBe(true);
    expect((await newest({ statusClass: '4xx' }))[0]?.status).toBe(404);
    expect((await newest({ status: 200 })).every((e) => e.status === 200)).toBe(true);
    expect((await newest({ text: 'no-such' })).length).toBe(1);
  });

  it('keeps refused and failed sends with their error code', async () => {
    const base = core.demo.status('sentinelone').baseUrl;
    const ro = await call<ConnectionSummary>('connections:create', {
      config: {
        name: 'Read only',
        kind: 'sentinelone',
        baseUrl: base,
        environment: 'staging',
        readOnly: true,
        auth: { scheme: 'ApiToken' },
      },
    });
    await call('secrets:set', {
      connectionId: ro.id,
      kind: 'token',
      value: DEMO_S1_TOKENS.admin,
      storage: 'session',
    });
    const refused = await send(ro.id, {
      method: 'POST',
      path: 'threats/mitigate/kill',
      body: { kind: 'json', text: '{"filter":{"ids":["1"]}}' },
    });
    expect(refused.ok).toBe(false);
    const closed = await call<ConnectionSummary>('connections:create', {
      config: {
        name: 'Nothing there',
        kind: 'generic',
        baseUrl: 'http://127.0.0.1:1',
        environment: 'sandbox',
        auth: { scheme: 'none' },
      },
    });
    expect((await send(closed.id, { path: 'x' })).ok).toBe(false);
    const [down, ro1] = await newest();
    expect(ro1).toMatchObject({
      connectionName: 'Read only',
      status: null,
      errorCode: 'read_only',
    });
    expect(down).toMatchObject({
      connectionName: 'Nothing there',
      status: null,
      errorCode: 'connection_refused',
    });
    const full = await call<HistoryGetOutput>('history:get', { id: ro1!.id });
    expect(full.entry.request.body).toEqual({ kind: 'json', text: '{"filter":{"ids":["1"]}}' });
  });

  it('records nothing while settings turn history off', async () => {
    const before = (await newest())[0]!.id;
    const s = await call<{ history: { enabled: boolean } }>('settings:update', {
      patch: { history: { enabled: false } },
    });
    expect(s.history.enabled).toBe(false);
    await send(DEMO_S1_CONNECTION_ID);
    expect((await newest())[0]!.id).toBe(before);
    await call('settings:update', { patch: { history: { enabled: true } } });
    await send(DEMO_S1_CONNECTION_ID);
    expect((await newest())[0]!.id).not.toBe(before);
  });

  it('canary: a token used in the session is in no history file, body file, answer or HAR', async () => {
    const conn = await call<ConnectionSummary>('connections:create', {
      config: {
        name: 'Echo',
        kind: 'generic',
        baseUrl: echo.origin,
        environment: 'sandbox',
        auth: { scheme: 'Bearer' },
      },
    });
    await call('secrets:set', {
      connectionId: conn.id,
      kind: 'token',
      value: CANARY,
      storage: 'session',
    });
    // The canary rides along as the credential main adds, in the URL, a typed header and the body.
    const r = await send(conn.id, {
      method: 'POST',
      path: `echo?q=${CANARY}`,
      headers: [{ name: 'X-Echo', value: CANARY, enabled: true }],
      body: { kind: 'json', text: JSON.stringify({ note: CANARY }) },
    });
    expect(r.ok).toBe(true);
    expect(echo.requests.at(-1)?.headers.authorization).toBe(`Bearer ${CANARY}`);
    // And once more on the demo tenant, where the canary is refused (401).
    const s1 = await call<ConnectionSummary>('connections:create', {
      config: {
        name: 'Canary S1',
        kind: 'sentinelone',
        baseUrl: core.demo.status('sentinelone').baseUrl,
        environment: 'staging',
        auth: { scheme: 'ApiToken' },
      },
    });
    await call('secrets:set', {
      connectionId: s1.id,
      kind: 'token',
      value: CANARY,
      storage: 'session',
    });
    await send(s1.id, { path: `threats?limit=1&q=${CANARY}` });

    const [unauthorized, echoed] = await newest();
    expect(unauthorized!.status).toBe(401);
    const full = await call<HistoryGetOutput>('history:get', {
      id: echoed!.id,
      withBodyText: true,
    });
    expect(full.entry.body.kind).toBe('file'); // spooled by the engine, copied by history
    expect(full.bodyText!.text).toContain('"authorization":"Bearer $API_TOKEN"');
    const har = await call<{ har: string; entries: number }>('history:export-har', {
      ids: (await newest()).map((e) => e.id),
    });
    expect(har.entries).toBeGreaterThan(5);
    expect(JSON.parse(har.har).log.entries[0].response.status).toBe(401);
    expect(har.har).not.toContain(CANARY);

    expect(messages.join('\n')).not.toContain(CANARY);
    const historyFiles = filesUnder(dataDir).filter((f) => /^history/.test(relative(dataDir, f)));
    expect(historyFiles.some((f) => f.endsWith('.body'))).toBe(true);
    expect(historyFiles.some((f) => f.endsWith('.jsonl'))).toBe(true);
    for (const file of historyFiles) {
      expect(readFileSync(file, 'utf8').includes(CANARY), file).toBe(false);
    }
    // Nothing else main keeps has it either, apart from the engine's own spool of the raw
    // response (the echo server sent the token back in its body).
    for (const file of filesUnder(dataDir).filter(
      (f) => !relative(dataDir, f).startsWith('responses'),
    )) {
      expect(readFileSync(file, 'utf8').includes(CANARY), file).toBe(false);
    }
  });

  it('deletes and clears through the contract, and refuses bad input', async () => {
    const [first] = await newest();
    expect(await call('history:delete', { id: first!.id })).toEqual({ deleted: true });
    await expect(call('history:get', { id: first!.id })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(call('history:get', { id: '../../etc/passwd' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(call('history:clear', { all: true, connectionId: 'x' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await call('history:clear', { connectionId: DEMO_S1_CONNECTION_ID });
    expect((await newest({ connectionId: DEMO_S1_CONNECTION_ID })).length).toBe(0);
    await call('history:clear', { all: true });
    expect(await newest()).toEqual([]);
    expect(filesUnder(join(dataDir, 'history-bodies'))).toEqual([]);
  });
});
