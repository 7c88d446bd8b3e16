import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../main/core/app-core';
import { DEMO_S1_CONNECTION_ID, DEMO_SSX_CONNECTION_ID } from '../../main/demo/demo-manager';
import { startSentinelOneDemo, type SentinelOneDemo } from '../../main/demo/sentinelone';
import { parseFaultRules, MAX_HUGE_BODY_BYTES } from '../../main/demo/sentinelone/fault-rules';
import { createTestCore } from '../helpers/app-harness';

// Envelopes are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let demo: SentinelOneDemo;

function api(path: string): Promise<Response> {
  return fetch(`${demo.baseUrl}${path}`, {
    headers: { Authorization: `ApiToken ${demo.tokens.admin}` },
  });
}

beforeAll(async () => {
  demo = await startSentinelOneDemo({ port: 0, catalog: null });
});
afterAll(async () => {
  await demo.close();
});

describe('hugeBody fault', () => {
  it('streams a threat list of exactly the size asked for, which JSON.parse accepts', async () => {
    const bytes = 20_000_000;
    demo.setFaults([{ route: 'GET /threats', hugeBody: { bytes }, times: 2 }]);
    const res = await api('/threats?limit=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(Number(res.headers.get('content-length'))).toBe(bytes);
    const buf = Buffer.from(await res.arrayBuffer());
    expect(Math.abs(buf.length - bytes)).toBeLessThanOrEqual(bytes * 0.01);
    const body = JSON.parse(buf.toString('utf8')) as Json;
    expect(body.pagination).toEqual({ nextCursor: null, totalItems: body.data.length });
    expect(body.data.length).toBeGreaterThan(15_000);
    expect(new Set(body.data.map((t: Json) => t.id)).size).toBe(body.data.length);
    expect(body.data[0]).toMatchObject({
      id: expect.stringMatching(/^185\d{16}$/),
      threatInfo: { threatId: body.data[0].id, classification: expect.any(String) },
      agentRealtimeInfo: { agentComputerName: expect.any(String) },
    });
    expect(demo.requestLog().at(-1)).toMatchObject({ status: 200, fault: 'huge-body' });

    // Deterministic: the same rule streams the same bytes.
    const again = Buffer.from(await (await api('/threats')).arrayBuffer());
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sha(again)).toBe(sha(buf));
    // `times` ran out: the real route answers again.
    const real = (await (await api('/threats?limit=2')).json()) as Json;
    expect(real.data).toHaveLength(2);
  });

  it('streams log-like UTF-8 text of exactly the size asked for', async () => {
    demo.setFaults([{ route: '*', hugeBody: { bytes: 300_001, shape: 'text' }, times: 1 }]);
    const res = await api('/agents');
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const buf = Buffer.from(await res.arrayBuffer());
    expect(buf.length).toBe(300_001);
    const text = buf.toString('utf8');
    expect(text).not.toContain('\uFFFD');
    expect(text.split('\n')[0]).toMatch(/^2026-11-01T00:00:00\.000Z \w+ agent=/);
  });

  it('stops generating when the client leaves', async () => {
    demo.setFaults([{ route: 'GET /threats', hugeBody: { bytes: 200_000_000 }, times: 1 }]);
    const controller = new AbortController();
    const res = await fetch(`${demo.baseUrl}/threats`, {
      headers: { Authorization: `ApiToken ${demo.tokens.admin}` },
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    // The server is still healthy and answers the next request at once.
    const next = await api('/threats?limit=1');
    expect(next.status).toBe(200);
  });

  it('is validated: size range, one answer per rule, through the control app too', async () => {
    const routes = new Set(['GET /threats']);
    expect(parseFaultRules([{ route: '*', hugeBody: { bytes: 1024 } }], routes)).toEqual([
      { route: '*', hugeBody: { bytes: 1024, shape: 'threats-json' } },
    ]);
    expect(() =>
      parseFaultRules([{ route: '*', hugeBody: { bytes: MAX_HUGE_BODY_BYTES + 1 } }], routes),
    ).toThrow(/^0\.hugeBody\.bytes: /);
    expect(() => parseFaultRules([{ route: '*', hugeBody: { bytes: 10 } }], routes)).toThrow(
      /hugeBody\.bytes/,
    );
    expect(() =>
      parseFaultRules([{ route: '*', hugeBody: { bytes: 2048, shape: 'xml' } }], routes),
    ).toThrow(/hugeBody\.shape/);
    expect(() =>
      parseFaultRules([{ route: '*', reset: true, hugeBody: { bytes: 2048 } }], routes),
    ).toThrow(/one of hugeBody, reset/);

    const post = await fetch(`${demo.origin}/__demo/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rules: [{ route: 'GET /threats', reset: true, times: 3 }] }),
    });
    expect(post.status).toBe(200);
    expect(((await post.json()) as Json).data.rules).toEqual([
      { route: 'GET /threats', reset: true, times: 3, remaining: 3 },
    ]);
    demo.clearFaults();
  });
});

describe('reset fault', () => {
  it('aborts the connection with an RST: fetch sees ECONNRESET', async () => {
    demo.setFaults([{ route: 'GET /threats', reset: true, times: 1 }]);
    const failure = await api('/threats').catch((e: unknown) => e);
    expect((failure as Error & { cause?: { code?: string } }).cause?.code).toBe('ECONNRESET');
    expect(demo.requestLog().at(-1)).toMatchObject({ status: 0, fault: 'reset' });
  });
});

describe('through the console', () => {
  let core: AppCore;
  const events: Array<[string, unknown]> = [];
  const ctx = { emit: (e: string, p: unknown) => void events.push([e, p]) };
  const call = (channel: string, input: unknown) => core.dispatch(channel, input, ctx);

  beforeAll(async () => {
    // No jitter: the pacer's retries after a reset happen at once.
    core = createTestCore({ pacing: { random: () => 0 } }).core;
  });
  afterAll(async () => {
    await core.dispose();
  });

  it('the developer panel channels need the demo running and list the routes a rule may name', async () => {
    expect(await call('demo:faults', { tenant: 'sentinelone' })).toMatchObject({
      ok: false,
      error: { code: 'demo_not_running' },
    });
    expect(await call('demo:start', { tenant: 'sentinelone' })).toMatchObject({ ok: true });
    expect(await call('demo:faults', { tenant: 'sentinel-secure-x' })).toMatchObject({
      ok: false,
      error: { code: 'demo_not_running', message: expect.stringContaining('Sentinel Secure X') },
    });
    const listed = (await call('demo:faults', { tenant: 'sentinelone' })) as {
      ok: true;
      value: { rules: unknown[]; routes: string[] };
    };
    expect(listed.value.rules).toEqual([]);
    expect(listed.value.routes).toEqual(core.demo.sentinelOne!.faultRoutes());
    expect(listed.value.routes).toEqual(
      expect.arrayContaining(['GET /threats', 'GET /agents', 'POST /threats/mitigate/:action']),
    );
  });

  it('set-faults checks the rules and names the field; clear-faults counts what it removed', async () => {
    const bad = await call('demo:set-faults', {
      tenant: 'sentinelone',
      rules: [{ route: 'GET /threats', hugeBody: { bytes: 600 * 1024 * 1024 } }],
    });
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(/^rules\.0\.hugeBody\.bytes/),
      },
    });
    const typo = await call('demo:set-faults', {
      tenant: 'sentinelone',
      rules: [{ route: 'GET /threats', rest: true }],
    });
    expect(typo).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const set = await call('demo:set-faults', {
      tenant: 'sentinelone',
      rules: [
        { route: 'GET /threats', latencyMs: 5, times: 2 },
        { route: 'GET /agents', hugeBody: { bytes: 4096, shape: 'text' } },
      ],
    });
    expect(set).toMatchObject({
      ok: true,
      value: {
        rules: [
          { route: 'GET /threats', latencyMs: 5, times: 2, remaining: 2 },
          { route: 'GET /agents', hugeBody: { bytes: 4096, shape: 'text' }, remaining: null },
        ],
      },
    });
    expect(await call('demo:clear-faults', { tenant: 'sentinelone' })).toEqual({
      ok: true,
      value: { cleared: 2 },
    });
  });

  it('switches the per-path rate-limit enforcement on and off from the panel', async () => {
    expect(await call('demo:rate-limits', { tenant: 'sentinelone' })).toMatchObject({
      ok: true,
      value: { enabled: false, rules: expect.any(Number) },
    });
    const on = await call('demo:set-rate-limits', { tenant: 'sentinelone', enabled: true });
    expect(on).toMatchObject({ ok: true, value: { enabled: true } });
    // /threats allows a burst of 50 at 10 per second: 70 at once cannot all pass.
    const running = core.demo.sentinelOne!;
    const send = () =>
      fetch(`${running.baseUrl}/threats?limit=1`, {
        headers: { Authorization: `ApiToken ${running.tokens.admin}` },
      });
    const answers = await Promise.all(Array.from({ length: 70 }, send));
    const refused = answers.filter((r) => r.status === 429);
    expect(answers.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(50);
    expect(refused.length).toBeGreaterThan(0);
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    const off = await call('demo:set-rate-limits', { tenant: 'sentinelone', enabled: false });
    expect(off).toMatchObject({ ok: true, value: { enabled: false } });
    expect((await send()).status).toBe(200);
    expect(
      await call('demo:set-rate-limits', { tenant: 'sentinel-secure-x', enabled: true }),
    ).toMatchObject({ ok: false, error: { code: 'not_available' } });
  });

  it('a reset reaches the operator as connection_reset with a sentence saying what to do', async () => {
    expect(
      await call('demo:set-faults', {
        tenant: 'sentinelone',
        rules: [{ route: 'GET /threats', reset: true }],
      }),
    ).toMatchObject({ ok: true });
    events.length = 0;
    const result = await call('http:send', {
      requestId: 'reset-1',
      connectionId: DEMO_S1_CONNECTION_ID,
      method: 'GET',
      path: 'threats',
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'connection_reset',
        message: expect.stringMatching(/closed before the answer was complete\. Try again/),
      },
    });
    // GETs are retried after a reset (pacing); each attempt met the fault.
    const retries = events.filter(([e]) => e === 'http:retry');
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]![1]).toMatchObject({ requestId: 'reset-1', reason: 'connection-reset' });
    await call('demo:clear-faults', { tenant: 'sentinelone' });
  });

  it('Secure X: faults on route-map routes reach the operator; the rate-limit switch is SentinelOne’s', async () => {
    expect(await call('demo:start', { tenant: 'sentinel-secure-x' })).toMatchObject({ ok: true });
    const listed = (await call('demo:faults', { tenant: 'sentinel-secure-x' })) as {
      ok: true;
      value: { routes: string[] };
    };
    // The 75 routes of the route map, parameters written the demo router's way.
    expect(listed.value.routes).toHaveLength(75);
    expect(listed.value.routes).toContain('GET /api/admin/me');
    expect(listed.value.routes.some((r) => /\/:\w+/.test(r))).toBe(true);
    expect(await call('demo:rate-limits', { tenant: 'sentinel-secure-x' })).toMatchObject({
      ok: false,
      error: { code: 'not_available' },
    });
    expect(
      await call('demo:set-faults', {
        tenant: 'sentinel-secure-x',
        rules: [{ route: 'GET /api/nowhere', status: 500 }],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^rules\.0\.route: /) },
    });

    expect(
      await call('ssx:login', {
        connectionId: DEMO_SSX_CONNECTION_ID,
        username: 'admin',
        password: 'demo-admin-password',
      }),
    ).toMatchObject({ ok: true });
    const set = await call('demo:set-faults', {
      tenant: 'sentinel-secure-x',
      rules: [
        { route: 'GET /api/admin/me', status: 500, times: 1 },
        // A catalog-answered route, its parameter named differently from the route map.
        { route: 'GET /api/admin/scheduled-jobs/{name}/history', malformed: true, times: 1 },
        { route: 'POST /api/admin/logout', reset: true },
      ],
    });
    expect(set).toMatchObject({ ok: true, value: { rules: [{ remaining: 1 }, {}, {}] } });

    const send = (requestId: string, method: string, path: string) =>
      call('http:send', { requestId, connectionId: DEMO_SSX_CONNECTION_ID, method, path });
    const failed = (await send('ssx-500', 'GET', 'api/admin/me')) as Json;
    expect(failed.ok).toBe(true);
    expect(failed.value.status).toBe(500);
    // Secure X's own error envelope, not SentinelOne's.
    expect(failed.value.body.json).toEqual({
      error: { code: 'internal_error', message: 'Injected fault: the demo tenant failed.' },
    });
    // Spent after one use: the same request goes through.
    expect(((await send('ssx-200', 'GET', 'api/admin/me')) as Json).value.status).toBe(200);

    const cut = (await send(
      'ssx-cut',
      'GET',
      'api/admin/scheduled-jobs/nightly-backup/history',
    )) as Json;
    expect(cut.value.status).toBe(200);
    expect(cut.value.body.json).toBeUndefined();
    expect(() => JSON.parse(cut.value.body.text as string)).toThrow();

    const reset = await send('ssx-reset', 'POST', 'api/admin/logout');
    expect(reset).toMatchObject({ ok: false, error: { code: 'connection_reset' } });

    const log = core.demo.secureX!.requestLog();
    expect(log.filter((e) => e.fault).map((e) => [e.path, e.fault])).toEqual([
      ['/api/admin/me', 'status'],
      ['/api/admin/scheduled-jobs/nightly-backup/history', 'malformed'],
      ['/api/admin/logout', 'reset'],
    ]);
    expect(await call('demo:clear-faults', { tenant: 'sentinel-secure-x' })).toEqual({
      ok: true,
      value: { cleared: 1 },
    });
  });
});
