import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SENTINELONE_DEFAULT_RATE_LIMITS } from '../../main/core/connections/presets';
import { createVirtualClock } from '../../main/core/pacing/clock';
import {
  DEMO_S1_TOKENS,
  startSentinelOneDemo,
  type SentinelOneDemo,
} from '../../main/demo/sentinelone';

// Envelopes are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const clock = createVirtualClock();
let demo: SentinelOneDemo;

function api(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const { token = DEMO_S1_TOKENS.admin, ...rest } = init;
  const headers = new Headers(rest.headers);
  headers.set('Authorization', `ApiToken ${token}`);
  if (rest.body !== undefined) headers.set('Content-Type', 'application/json');
  return fetch(`${demo.baseUrl}${path}`, { ...rest, headers });
}

async function statuses(path: string, count: number, token?: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await api(path, { token });
    await res.arrayBuffer();
    out.push(res.status);
  }
  return out;
}

beforeAll(async () => {
  demo = await startSentinelOneDemo({ clock: () => clock.now() });
});

beforeEach(() => {
  demo.setRateLimits(false);
  demo.clearLog();
});

afterAll(async () => {
  await demo.close();
});

describe('demo tenant rate limits', () => {
  it('are off by default', async () => {
    expect(demo.rateLimits()).toEqual({ enabled: false, rules: SENTINELONE_DEFAULT_RATE_LIMITS });
    expect(new Set(await statuses('/threats?limit=1', 60))).toEqual(new Set([200]));
  });

  it('when on: the burst, then 429 with Retry-After and the error envelope, then a token per 100 ms', async () => {
    demo.setRateLimits(true);
    const burst = await statuses('/threats?limit=1', 50);
    expect(new Set(burst)).toEqual(new Set([200]));

    const refused = await api('/threats?limit=1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('x-ratelimit-limit')).toBe('50');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    const body = (await refused.json()) as Json;
    expect(body.errors[0]).toMatchObject({ code: 4290010, title: 'Too Many Requests' });
    expect(body.errors[0].detail).toContain('/threats');
    expect(demo.requestLog().at(-1)).toMatchObject({ status: 429, fault: 'rate-limit' });

    clock.advance(100);
    const again = await api('/threats?limit=1');
    expect(again.status).toBe(200);
    expect(again.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await statuses('/threats?limit=1', 1))[0]).toBe(429);
  });

  it('counts per token and per rule (longest prefix), like the console', async () => {
    demo.setRateLimits(true);
    await statuses('/threats?limit=1', 50);
    expect((await statuses('/threats?limit=1', 1))[0]).toBe(429);
    // Another token has its own buckets; sub-paths of /threats have their own rule (100/s).
    expect((await statuses('/threats?limit=1', 1, DEMO_S1_TOKENS.viewer))[0]).toBe(200);
    const other = await api('/threats/1/timeline');
    expect(other.status).not.toBe(429);
    // /agents: burst 25.
    const agents = await statuses('/agents?limit=1', 26);
    expect(agents.slice(0, 25).every((s) => s === 200)).toBe(true);
    expect(agents[25]).toBe(429);
    // Paths outside the table are never limited.
    expect(new Set(await statuses('/sites?limit=1', 30))).toEqual(new Set([200]));
  });

  it('a one-a-minute rule answers Retry-After: 60', async () => {
    demo.setRateLimits(true);
    const init = () =>
      api('/dv/init-query', {
        method: 'POST',
        body: JSON.stringify({
          query: 'EventType = "Process Creation"',
          fromDate: 'x',
          toDate: 'y',
        }),
      });
    const first = await init();
    expect(first.status).not.toBe(429);
    const second = await init();
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('60');
    clock.advance(59_000);
    expect((await init()).headers.get('retry-after')).toBe('1');
    clock.advance(1000);
    expect((await init()).status).not.toBe(429);
  });

  it('switches through the loopback control route', async () => {
    const control = (body?: unknown) =>
      fetch(`${demo.origin}/__demo/rate-limits`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const on = await control({ enabled: true });
    expect(await on.json()).toEqual({ data: { enabled: true } });
    const state = (await (await control()).json()) as Json;
    expect(state.data.enabled).toBe(true);
    expect(state.data.rules).toEqual(SENTINELONE_DEFAULT_RATE_LIMITS);
    expect(demo.rateLimits().enabled).toBe(true);
    const bad = await control({ enabled: 'yes' });
    expect(bad.status).toBe(400);
    expect((await control({ enabled: false })).status).toBe(200);
    expect(demo.rateLimits().enabled).toBe(false);
  });
});
