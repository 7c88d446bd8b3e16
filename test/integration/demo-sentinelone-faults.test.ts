import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DEMO_S1_TOKENS,
  S1_API_PREFIX,
  startSentinelOneDemo,
  type SentinelOneDemo,
} from '../../main/demo/sentinelone';

// Envelopes are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let demo: SentinelOneDemo;

function api(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const { token = DEMO_S1_TOKENS.admin, ...rest } = init;
  const headers = new Headers(rest.headers);
  headers.set('Authorization', `ApiToken ${token}`);
  if (rest.body !== undefined) headers.set('Content-Type', 'application/json');
  return fetch(`${demo.baseUrl}${path}`, { ...rest, headers });
}

function control(path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${demo.origin}/__demo${path}`, {
    method: body === undefined && path === '/faults' ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function lastLog() {
  return demo.requestLog().at(-1);
}

async function openThreatIds(count: number): Promise<string[]> {
  const res = await api(
    `/threats?incidentStatuses=unresolved&mitigationStatuses=active&limit=${count}`,
  );
  return ((await res.json()) as Json).data.map((t: { id: string }) => t.id);
}

/** The reason undici gives for a failed fetch: the socket error code, or its message. */
async function failure(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
  return `${(err as Error).message} ${cause?.code ?? ''} ${cause?.message ?? ''}`;
}

beforeAll(async () => {
  demo = await startSentinelOneDemo({ port: 0 });
});

afterEach(() => {
  demo.clearFaults();
  demo.clearLog();
  demo.reset();
});

afterAll(async () => {
  await demo.close();
});

describe('latency', () => {
  it('holds only the matching route, logs the fault, and expires after `times`', async () => {
    demo.setFaults([{ route: 'GET /threats', latencyMs: 400, times: 1 }]);
    expect(demo.faults()).toEqual([
      { route: 'GET /threats', latencyMs: 400, times: 1, remaining: 1 },
    ]);

    const other = await api('/agents?limit=1');
    expect(other.status).toBe(200);
    expect(lastLog()).not.toHaveProperty('fault');

    const started = performance.now();
    const slow = await api('/threats?limit=1');
    expect(slow.status).toBe(200);
    expect(((await slow.json()) as Json).data).toHaveLength(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    expect(lastLog()).toMatchObject({
      path: `${S1_API_PREFIX}/threats`,
      status: 200,
      fault: 'latency',
      delayedMs: 400,
    });

    expect(demo.faults()).toEqual([]);
    const fast = performance.now();
    await (await api('/threats?limit=1')).text();
    expect(performance.now() - fast).toBeLessThan(390);
    expect(lastLog()).not.toHaveProperty('fault');
  });

  it('a client that gives up is not answered, and its action never runs', async () => {
    const ids = await openThreatIds(2);
    demo.setFaults([{ route: 'POST /threats/mitigate/:action', latencyMs: 30_000, times: 2 }]);
    const abort = new AbortController();
    const pending = api('/threats/mitigate/quarantine', {
      method: 'POST',
      body: JSON.stringify({ filter: { ids } }),
      signal: abort.signal,
    });
    await vi.waitFor(() => expect(demo.faults()[0]?.remaining).toBe(1));
    abort.abort();
    expect(await failure(pending)).toMatch(/abort/i);
    await vi.waitFor(() =>
      expect(lastLog()).toMatchObject({ status: 0, fault: 'latency', delayedMs: 30_000 }),
    );
    const after = (await (await api(`/threats?ids=${ids.join(',')}`)).json()) as Json;
    for (const t of after.data) expect(t.threatInfo.mitigationStatus).toBe('active');
  });

  it('close() returns promptly while a request is held for a minute', async () => {
    const own = await startSentinelOneDemo({ port: 0 });
    own.setFaults([{ route: '*', latencyMs: 60_000, times: 2 }]);
    const pending = fetch(`${own.baseUrl}/threats`, {
      headers: { Authorization: `ApiToken ${own.tokens.admin}` },
    });
    await vi.waitFor(() => expect(own.faults()[0]?.remaining).toBe(1));
    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await failure(pending)).toMatch(/fetch failed|terminated|other side closed|ECONNRESET/);
    expect(own.faults()).toEqual([]);
    // The held request was released (not left on a 60 s timer): it reached the log.
    await vi.waitFor(() => expect(own.requestLog()).toMatchObject([{ status: 0 }]), {
      timeout: 1_000,
    });
  });
});

describe('forced answers', () => {
  it('5xx: the real error envelope, then the route answers normally again', async () => {
    demo.setFaults([
      { route: 'GET /threats', status: 503, times: 1 },
      { route: 'GET /agents', status: 500, times: 1 },
    ]);
    const unavailable = await api('/threats?limit=1');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('content-type')).toBe('application/json');
    expect((await unavailable.json()) as Json).toEqual({
      errors: [
        {
          code: 5030010,
          title: 'Service Unavailable',
          detail: expect.stringContaining('Injected fault'),
        },
      ],
    });
    expect(lastLog()).toMatchObject({ status: 503, fault: 'status' });
    const failed = (await (await api('/agents?limit=1')).json()) as Json;
    expect(failed.errors[0]).toMatchObject({ code: 5000010, title: 'Internal Server Error' });
    expect((await api('/threats?limit=1')).status).toBe(200);
    expect((await api('/agents?limit=1')).status).toBe(200);
  });

  it('a status with a custom body sends that body', async () => {
    demo.setFaults([{ route: 'GET /sites', status: 502, body: { message: 'upstream down' } }]);
    const res = await api('/sites');
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ message: 'upstream down' });
    expect((await api('/sites')).status).toBe(502);
    expect(demo.faults()[0]?.remaining).toBeNull();
  });

  it('429 carries Retry-After and the envelope; the action does not run', async () => {
    const ids = await openThreatIds(1);
    demo.setFaults([
      { route: 'POST /threats/mitigate/:action', rateLimit429: { retryAfterSeconds: 7 } },
    ]);
    const res = await api('/threats/mitigate/kill', {
      method: 'POST',
      body: JSON.stringify({ filter: { ids } }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    const body = (await res.json()) as Json;
    expect(body.errors[0]).toMatchObject({ code: 4290010, title: 'Too Many Requests' });
    expect(body.errors[0].detail).toContain('7 s');
    expect(lastLog()).toMatchObject({ status: 429, fault: 'rate-limit-429' });
    const after = (await (await api(`/threats?ids=${ids[0]}`)).json()) as Json;
    expect(after.data[0].threatInfo.mitigationStatus).toBe('active');
  });

  it('malformed: 200 application/json whose body is a cut-off prefix of the real one', async () => {
    const real = await (await api('/threats?limit=5')).text();
    demo.setFaults([{ route: 'GET /threats', malformed: true, times: 1 }]);
    const res = await api('/threats?limit=5');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThan(real.length);
    expect(real.startsWith(text)).toBe(true);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(lastLog()).toMatchObject({ status: 200, fault: 'malformed' });
  });

  it('the first matching rule wins and `*` matches every route', async () => {
    demo.setFaults([
      { route: 'GET /threats', status: 500, times: 1 },
      { route: '*', status: 503 },
    ]);
    expect((await api('/threats')).status).toBe(500);
    expect((await api('/threats')).status).toBe(503);
    expect((await api('/activities/types')).status).toBe(503);
  });

  it('leaves requests without a valid token alone (401 comes first)', async () => {
    demo.setFaults([{ route: '*', status: 500 }]);
    expect((await api('/threats', { token: 'nope' })).status).toBe(401);
  });
});

describe('dropped connections', () => {
  it('before headers: the fetch fails and the action does not run', async () => {
    const ids = await openThreatIds(1);
    demo.setFaults([{ route: 'POST /threats/incident', drop: 'before-headers', times: 1 }]);
    const reason = await failure(
      api('/threats/incident', {
        method: 'POST',
        body: JSON.stringify({ filter: { ids }, data: { incidentStatus: 'resolved' } }),
      }),
    );
    expect(reason).toMatch(/fetch failed|other side closed|ECONNRESET|UND_ERR_SOCKET/);
    expect(lastLog()).toMatchObject({ status: 0, fault: 'drop' });
    const after = (await (await api(`/threats?ids=${ids[0]}`)).json()) as Json;
    expect(after.data[0].threatInfo.incidentStatus).toBe('unresolved');
  });

  it('mid-body: headers arrive, the body is cut short, and the action did run', async () => {
    const ids = await openThreatIds(2);
    demo.setFaults([{ route: 'POST /threats/mitigate/:action', drop: 'mid-body', times: 1 }]);
    const res = await api('/threats/mitigate/quarantine', {
      method: 'POST',
      body: JSON.stringify({ filter: { ids } }),
    });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(10);
    expect(await failure(res.text())).toMatch(/terminated|other side closed|ECONNRESET/);
    expect(lastLog()).toMatchObject({ status: 200, fault: 'drop' });
    const after = (await (await api(`/threats?ids=${ids.join(',')}`)).json()) as Json;
    for (const t of after.data) expect(t.threatInfo.mitigationStatus).toBe('mitigated');
  });
});

describe('fault switches through the control app', () => {
  it('sets, lists and clears rules under /__demo/faults', async () => {
    const set = await control('/faults', {
      rules: [{ route: 'GET /threats', status: 500, times: 2 }],
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({
      data: { rules: [{ route: 'GET /threats', status: 500, times: 2, remaining: 2 }] },
    });
    expect((await api('/threats')).status).toBe(500);
    const listed = (await (await control('/faults')).json()) as Json;
    expect(listed.data.rules[0].remaining).toBe(1);
    const cleared = await control('/faults/clear', {});
    expect(await cleared.json()).toEqual({ data: { affected: 1 } });
    expect(demo.faults()).toEqual([]);
    expect((await api('/threats')).status).toBe(200);
  });

  it('rejects out-of-range and contradictory rules with a 400, keeping the old rules', async () => {
    demo.setFaults([{ route: 'GET /agents', latencyMs: 10 }]);
    const cases: Array<[unknown, RegExp]> = [
      [{ rules: [{ route: 'GET /threats', latencyMs: 60_001 }] }, /rules\.0\.latencyMs/],
      [{ rules: [{ route: 'GET /threats', latencyMs: -1 }] }, /latencyMs/],
      [{ rules: [{ route: 'GET /nowhere', status: 500 }] }, /rules\.0\.route.*not a route/],
      [{ rules: [{ route: '*', status: 500, malformed: true }] }, /one of status, malformed/],
      [{ rules: [{ route: '*' }] }, /does nothing/],
      [{ rules: [{ route: '*', status: 200 }] }, /status/],
      [{ rules: [{ route: '*', drop: 'sometimes' }] }, /drop/],
      [{ rules: [{ route: '*', status: 500, times: 0 }] }, /times/],
      [{ rules: [{ route: '*', status: 500, wat: 1 }] }, /wat/],
      [{ rule: [] }, /"rules"/],
    ];
    for (const [body, detail] of cases) {
      const res = await control('/faults', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = ((await res.json()) as Json).errors[0];
      expect(error.code).toBe(4000010);
      expect(error.detail).toMatch(detail);
    }
    expect(demo.faults()).toEqual([{ route: 'GET /agents', latencyMs: 10, remaining: null }]);
  });

  it('the typed method throws a RangeError for the same mistakes', () => {
    expect(() => demo.setFaults([{ route: 'GET /threats', latencyMs: 120_000 }])).toThrow(
      RangeError,
    );
    expect(() => demo.setFaults([{ route: 'GET /threat', status: 500 }])).toThrow(/not a route/);
    expect(demo.faults()).toEqual([]);
  });

  it('refuses fault changes from a cross-site browser origin', async () => {
    const res = await control(
      '/faults',
      { rules: [{ route: '*', status: 500 }] },
      { Origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect(demo.faults()).toEqual([]);
  });
});
