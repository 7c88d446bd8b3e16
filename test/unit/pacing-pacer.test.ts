import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../preload/contract';
import { AppError } from '../../main/core/errors';
import type { EngineRequest, HttpEngine } from '../../main/core/http/engine';
import { createManualClock, createVirtualClock } from '../../main/core/pacing/clock';
import {
  Pacer,
  type PacedConnection,
  type QueuedNotice,
  type RetryNotice,
} from '../../main/core/pacing/pacer';

// The engine is injected (as in production); this one answers from a script instead of a socket.
type Step = number | { status: number; headers?: Array<[string, string]> } | AppError;

function scriptedEngine(script: Step[] = []) {
  const sent: string[] = [];
  const engine: HttpEngine = {
    async send(req) {
      sent.push(req.requestId);
      const step = script.shift() ?? 200;
      if (step instanceof AppError) throw step;
      const { status, headers = [] } = typeof step === 'number' ? { status: step } : step;
      return response(req, status, headers);
    },
    cancel: () => false,
    cancelAll: () => undefined,
    pruneSpool: async () => ({ deleted: [], kept: [] }),
  };
  return { engine, sent };
}

function response(
  req: EngineRequest,
  status: number,
  headers: Array<[string, string]>,
): HttpResponse {
  return {
    requestId: req.requestId,
    method: req.method,
    url: req.url.href,
    status,
    statusText: '',
    httpVersion: '1.1',
    headers,
    body: { kind: 'empty' },
    size: 0,
    timings: { dns: null, connect: null, tls: null, firstByte: 1, download: 0, total: 1 },
    redirects: [],
    credentialsAttached: true,
  };
}

const BASE = 'https://acme.sentinelone.net/web/api/v2.1';
const oneASecond: PacedConnection = {
  kind: 'sentinelone',
  baseUrl: BASE,
  rateLimits: [{ pathPrefix: '/threats', perSecond: 1, burst: 1 }],
};
const unpaced: PacedConnection = { kind: 'sentinelone', baseUrl: BASE, rateLimits: [] };

function req(
  id: string,
  path = '/threats',
  method: EngineRequest['method'] = 'GET',
): EngineRequest {
  return {
    requestId: id,
    method,
    url: new URL(`${BASE}${path}`),
    headers: [],
    timeoutMs: 1000,
    followRedirects: true,
  };
}

function track() {
  const queued: Array<QueuedNotice & { id: string }> = [];
  const retries: Array<RetryNotice & { id: string }> = [];
  const hooks = (id: string) => ({
    onQueued: (n: QueuedNotice) => queued.push({ id, ...n }),
    onRetry: (n: RetryNotice) => retries.push({ id, ...n }),
  });
  return { queued, retries, hooks };
}

describe('pacer: queueing', () => {
  it('serves a bucket first come, first served, and says where each request stands', async () => {
    const clock = createManualClock();
    const { engine, sent } = scriptedEngine();
    const pacer = new Pacer({ engine, clock, random: () => 0 });
    const t = track();
    const done: string[] = [];
    const send = (id: string) =>
      pacer.send('c1', oneASecond, req(id), {}, t.hooks(id)).then(() => done.push(id));
    const all = Promise.all(['a', 'b', 'c'].map(send));
    await clock.advance(0);
    expect(sent).toEqual(['a']);
    expect(t.queued).toEqual([
      { id: 'b', state: 'queued', waitMs: 1000, position: 1, rule: '/threats' },
      { id: 'c', state: 'queued', waitMs: 2000, position: 2, rule: '/threats' },
    ]);
    await clock.advance(999);
    expect(sent).toEqual(['a']);
    await clock.advance(1);
    expect(sent).toEqual(['a', 'b']);
    expect(t.queued.at(-1)).toEqual({
      id: 'b',
      state: 'started',
      waitMs: 0,
      position: 0,
      rule: '/threats',
    });
    await clock.advance(1000);
    await all;
    expect(done).toEqual(['a', 'b', 'c']);
  });

  it('cancelling a queued request removes it at once; the next one takes its place', async () => {
    const clock = createManualClock();
    const { engine, sent } = scriptedEngine();
    const pacer = new Pacer({ engine, clock });
    const a = pacer.send('c1', oneASecond, req('a'));
    const b = pacer.send('c1', oneASecond, req('b'));
    const c = pacer.send('c1', oneASecond, req('c'));
    await clock.advance(0);
    expect(pacer.cancel('b')).toBe(true);
    await expect(b).rejects.toMatchObject({ code: 'aborted' });
    await a;
    await clock.advance(1000);
    await c;
    expect(sent).toEqual(['a', 'c']);
    // Nothing is left waiting once the line is empty.
    expect(clock.pending()).toEqual([]);
  });

  it('cancelling the only waiter stops the bucket timer', async () => {
    const clock = createManualClock();
    const pacer = new Pacer({ engine: scriptedEngine().engine, clock });
    await pacer.send('c1', oneASecond, req('a'));
    const b = pacer.send('c1', oneASecond, req('b'));
    await clock.advance(0);
    expect(clock.pending()).toHaveLength(1);
    pacer.cancel('b');
    await expect(b).rejects.toMatchObject({ code: 'aborted' });
    await clock.advance(0);
    expect(clock.pending()).toEqual([]);
  });

  it('buckets are per connection and per rule; paths without a rule are not paced', async () => {
    const clock = createManualClock();
    const { engine, sent } = scriptedEngine();
    const pacer = new Pacer({ engine, clock });
    await pacer.send('c1', oneASecond, req('a'));
    await pacer.send('c2', oneASecond, req('b'));
    await pacer.send('c1', oneASecond, req('c', '/agents'));
    await pacer.send('c1', unpaced, req('d'));
    expect(sent).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('pacer: retries', () => {
  it('a 429 honours Retry-After, then succeeds; the answer counts the attempts', async () => {
    const clock = createManualClock();
    const { engine, sent } = scriptedEngine([
      { status: 429, headers: [['Retry-After', '2']] },
      200,
    ]);
    const pacer = new Pacer({ engine, clock, random: () => 0 });
    const t = track();
    const pending = pacer.send('c1', unpaced, req('a'), {}, t.hooks('a'));
    await clock.advance(0);
    expect(t.retries).toEqual([
      { id: 'a', attempt: 2, waitMs: 2000, reason: 'rate-limited', status: 429 },
    ]);
    await clock.advance(1999);
    expect(sent).toEqual(['a']);
    await clock.advance(1);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.rateLimit).toMatchObject({ attempts: 2, waitedMs: 2000 });
  });

  it('a Retry-After date is honoured too', async () => {
    const clock = createManualClock(Date.UTC(2026, 9, 21, 7, 28, 0));
    const { engine } = scriptedEngine([
      { status: 429, headers: [['Retry-After', 'Wed, 21 Oct 2026 07:28:05 GMT']] },
      200,
    ]);
    const t = track();
    const pending = new Pacer({ engine, clock, random: () => 0 }).send(
      'c1',
      unpaced,
      req('a'),
      {},
      t.hooks('a'),
    );
    await clock.advance(5000);
    expect((await pending).status).toBe(200);
    expect(t.retries[0]?.waitMs).toBe(5000);
  });

  it('a 429 without Retry-After waits the fallback plus jitter, growing per attempt', async () => {
    const clock = createVirtualClock();
    const { engine } = scriptedEngine([429, 429, 429, 200]);
    const t = track();
    const res = await new Pacer({ engine, clock, random: () => 0.5 }).send(
      'c1',
      unpaced,
      req('a'),
      {},
      t.hooks('a'),
    );
    expect(res.status).toBe(200);
    expect(t.retries.map((r) => r.waitMs)).toEqual([3250, 3500, 4000]);
  });

  it('after max attempts the 429 itself is returned, with its rate-limit facts', async () => {
    const clock = createVirtualClock();
    const storm = Array.from({ length: 10 }, () => ({
      status: 429,
      headers: [
        ['Retry-After', '1'],
        ['X-RateLimit-Limit', '50'],
        ['X-RateLimit-Remaining', '0'],
      ] as Array<[string, string]>,
    }));
    const { engine, sent } = scriptedEngine(storm);
    const t = track();
    const res = await new Pacer({ engine, clock, random: () => 0 }).send(
      'c1',
      unpaced,
      req('a', '/threats/mitigate/kill', 'POST'),
      {},
      t.hooks('a'),
    );
    expect(res.status).toBe(429);
    expect(sent).toHaveLength(4);
    expect(t.retries.map((r) => r.attempt)).toEqual([2, 3, 4]);
    expect(res.rateLimit).toEqual({
      limit: 50,
      remaining: 0,
      retryAfter: 1,
      attempts: 4,
      waitedMs: 3000,
    });
  });

  it('a Retry-After beyond the total wait budget is not waited for', async () => {
    const clock = createVirtualClock();
    const { engine, sent } = scriptedEngine([{ status: 429, headers: [['Retry-After', '3600']] }]);
    const res = await new Pacer({ engine, clock }).send('c1', unpaced, req('a'));
    expect(res.status).toBe(429);
    expect(res.rateLimit?.attempts).toBe(1);
    expect(sent).toHaveLength(1);
    expect(clock.slept).toBe(0);
  });

  it('a 503 is retried for GET, not for POST', async () => {
    const clock = createVirtualClock();
    const get = scriptedEngine([503, 503, 200]);
    const okGet = await new Pacer({ engine: get.engine, clock }).send('c1', unpaced, req('g'));
    expect(okGet.status).toBe(200);
    expect(get.sent).toHaveLength(3);

    const post = scriptedEngine([503, 200]);
    const failedPost = await new Pacer({ engine: post.engine, clock }).send(
      'c1',
      unpaced,
      req('p', '/threats/incident', 'POST'),
    );
    expect(failedPost.status).toBe(503);
    expect(failedPost.rateLimit?.attempts).toBe(1);
    expect(post.sent).toHaveLength(1);
  });

  it('a connection reset is retried for GET; for POST the error stands', async () => {
    const clock = createVirtualClock();
    const reset = () => new AppError('connection_reset', 'closed early', { target: 'x' });
    const get = scriptedEngine([reset(), 200]);
    expect(
      (await new Pacer({ engine: get.engine, clock }).send('c1', unpaced, req('g'))).status,
    ).toBe(200);

    const post = scriptedEngine([reset(), 200]);
    await expect(
      new Pacer({ engine: post.engine, clock }).send('c1', unpaced, req('p', '/x', 'POST')),
    ).rejects.toMatchObject({ code: 'connection_reset' });
    expect(post.sent).toHaveLength(1);

    const always = scriptedEngine([reset(), reset(), reset(), reset()]);
    await expect(
      new Pacer({ engine: always.engine, clock }).send('c1', unpaced, req('g2')),
    ).rejects.toMatchObject({ code: 'connection_reset', details: { target: 'x', attempts: 4 } });
  });

  it('a 429 holds the whole bucket until Retry-After, then the line moves on', async () => {
    const clock = createManualClock();
    const fast: PacedConnection = {
      ...oneASecond,
      rateLimits: [{ pathPrefix: '/threats', perSecond: 100, burst: 100 }],
    };
    const { engine, sent } = scriptedEngine([{ status: 429, headers: [['Retry-After', '5']] }]);
    const pacer = new Pacer({ engine, clock, random: () => 0 });
    const a = pacer.send('c1', fast, req('a'));
    await clock.advance(0);
    const b = pacer.send('c1', fast, req('b'));
    await clock.advance(4999);
    expect(sent).toEqual(['a']);
    await clock.advance(1);
    await Promise.all([a, b]);
    expect(sent.sort()).toEqual(['a', 'a', 'b']);
  });

  it('cancel during the wait between attempts ends the request', async () => {
    const clock = createManualClock();
    const { engine, sent } = scriptedEngine([{ status: 429, headers: [['Retry-After', '30']] }]);
    const pacer = new Pacer({ engine, clock });
    const a = pacer.send('c1', unpaced, req('a'));
    await clock.advance(0);
    expect(pacer.cancel('a')).toBe(true);
    await expect(a).rejects.toMatchObject({ code: 'aborted' });
    expect(sent).toEqual(['a']);
    expect(pacer.cancel('a')).toBe(false);
  });
});
