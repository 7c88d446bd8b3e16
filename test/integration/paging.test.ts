import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  ChannelOutput,
  ConnectionSummary,
  EventName,
  EventPayload,
  HttpResponse,
} from '../../preload/contract';
import type { AppCore } from '../../main/core/app-core';
import { createVirtualClock } from '../../main/core/pacing/clock';
import { DATASET_SIZE } from '../../main/demo/sentinelone/constants';
import {
  DEMO_S1_TOKENS,
  startSentinelOneDemo,
  type SentinelOneDemo,
} from '../../main/demo/sentinelone';
import { createTestCore } from '../helpers/app-harness';
import { parseCsv } from '../helpers/csv';

// Threat items are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * One virtual clock for the console's pacer and the demo tenant: a pacer that sleeps moves
 * both forward together, so the tenant's buckets refill exactly as the pacer expects.
 */
const clock = createVirtualClock();
let demo: SentinelOneDemo;
let core: AppCore;
let paced: string;
let unpaced: string;

type Event = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

async function call<T>(
  channel: string,
  input: unknown,
  events: Event[] = [],
  onEvent?: (e: Event) => void,
): Promise<T> {
  const result = await core.dispatch(channel, input, {
    emit: (event, payload) => {
      const e = { event, payload } as Event;
      events.push(e);
      onEvent?.(e);
    },
  });
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as T;
}

type FetchResult = ChannelOutput<'paging:fetch-all'>;

function fetchAll(
  connectionId: string,
  path: string,
  extra: Record<string, unknown> = {},
  events: Event[] = [],
  onEvent?: (e: Event) => void,
) {
  return call<FetchResult>(
    'paging:fetch-all',
    {
      fetchId: `f${Math.random().toString(36).slice(2, 10)}`,
      spec: { connectionId, method: 'GET', path },
      ...extra,
    },
    events,
    onEvent,
  );
}

async function readAll(fileId: string): Promise<string> {
  let offset = 0;
  let text = '';
  for (;;) {
    const chunk = await call<ChannelOutput<'paging:read'>>('paging:read', { fileId, offset });
    text += chunk.text;
    offset = chunk.nextOffset;
    if (chunk.eof) return text;
  }
}

async function mergedItems(fileId: string): Promise<Json[]> {
  return (await readAll(fileId))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

async function createConnection(name: string, rateLimits?: unknown[]): Promise<string> {
  const created = await call<ConnectionSummary>('connections:create', {
    config: {
      name,
      kind: 'sentinelone',
      baseUrl: demo.baseUrl,
      environment: 'sandbox',
      auth: { scheme: 'ApiToken' },
      ...(rateLimits && { rateLimits }),
    },
  });
  await call('secrets:set', {
    connectionId: created.id,
    kind: 'token',
    value: DEMO_S1_TOKENS.admin,
    storage: 'session',
  });
  return created.id;
}

const threatRequests = () =>
  demo.requestLog().filter((e) => e.method === 'GET' && e.path.endsWith('/threats'));

beforeAll(async () => {
  demo = await startSentinelOneDemo({ clock: () => clock.now() });
  ({ core } = createTestCore({ pacing: { clock, random: () => 0.5 } }));
  paced = await createConnection('Paced (default table)');
  unpaced = await createConnection('Unpaced', []);
});

beforeEach(() => {
  demo.clearFaults();
  // Re-enabling starts the tenant's buckets full.
  demo.setRateLimits(true);
  demo.clearLog();
});

afterAll(async () => {
  await core.dispose();
  await demo.close();
});

describe('fetch all pages, pacing on, tenant enforcing the same table', () => {
  it('every threat with limit 1000: two pages or more, every id once, no 429', async () => {
    const events: Event[] = [];
    const result = await fetchAll(paced, 'threats', {}, events);
    expect(result).toMatchObject({ stoppedBy: 'end', duplicates: 0 });
    expect(result.totalItems).toBeGreaterThanOrEqual(DATASET_SIZE.threats);
    expect(result.items).toBe(result.totalItems);
    expect(result.pages).toBeGreaterThanOrEqual(2);
    expect(threatRequests().every((e) => e.status === 200)).toBe(true);
    expect(
      threatRequests().every((e) => new URLSearchParams(e.query).get('limit') === '1000'),
    ).toBe(true);

    const items = await mergedItems(result.fileId);
    expect(new Set(items.map((t) => t.id)).size).toBe(result.totalItems);
    expect(items[0].threatInfo.threatName).toEqual(expect.any(String));

    const progress = events.filter((e) => e.event === 'paging:progress').map((e) => e.payload);
    expect(progress[0]).toMatchObject({ pages: 0, items: 0, done: false });
    expect(progress.at(-1)).toMatchObject({
      pages: result.pages,
      items: result.items,
      totalItems: result.totalItems,
      done: true,
      stoppedBy: 'end',
    });
    expect(events.some((e) => e.event === 'http:retry')).toBe(false);
  });

  it('limit 100: fifteen pages or more, still no 429', async () => {
    const result = await fetchAll(paced, 'threats', { spec: undefined }).catch(() => null);
    expect(result).toBeNull(); // the spec is required
    const r = await fetchAll(paced, 'threats?limit=100');
    expect(r.pages).toBeGreaterThanOrEqual(15);
    expect(r.items).toBe(r.totalItems);
    expect(threatRequests().filter((e) => e.status === 429)).toEqual([]);
  });

  it('limit 10 (past the burst of 50): the pacer waits, the tenant never refuses', async () => {
    const sleptBefore = clock.slept;
    const events: Event[] = [];
    const r = await fetchAll(paced, 'threats?limit=10', {}, events);
    expect(r.pages).toBeGreaterThanOrEqual(150);
    expect(r.items).toBe(r.totalItems);
    expect(threatRequests().filter((e) => e.status === 429)).toEqual([]);
    // 10 per second after the burst: about 100 pages × 100 ms of (virtual) waiting.
    expect(clock.slept - sleptBefore).toBeGreaterThanOrEqual((r.pages - 50) * 100 - 100);
    const queued = events.filter((e) => e.event === 'http:queued').map((e) => e.payload);
    expect(queued.some((q) => q.state === 'queued' && q.rule === '/threats' && q.waitMs > 0)).toBe(
      true,
    );
  });
});

describe('fetch all pages with pacing off', () => {
  it('limit 10 against the enforcing tenant: 429s happen, retries finish the job exactly', async () => {
    const events: Event[] = [];
    const r = await fetchAll(unpaced, 'threats?limit=10', {}, events);
    expect(threatRequests().some((e) => e.status === 429)).toBe(true);
    expect(
      events.some((e) => e.event === 'http:retry' && e.payload.reason === 'rate-limited'),
    ).toBe(true);
    expect(r).toMatchObject({ stoppedBy: 'end', duplicates: 0 });
    expect(r.items).toBe(r.totalItems);
    const ids = (await mergedItems(r.fileId)).map((t) => t.id);
    expect(new Set(ids).size).toBe(r.totalItems);
  });

  it('forced 429s (Retry-After: 2, three times): completes with exactly totalItems distinct ids', async () => {
    demo.setRateLimits(false);
    demo.setFaults([{ route: 'GET /threats', rateLimit429: { retryAfterSeconds: 2 }, times: 3 }]);
    const events: Event[] = [];
    const r = await fetchAll(unpaced, 'threats', {}, events);
    const forced = threatRequests().filter((e) => e.fault === 'rate-limit-429');
    expect(forced).toHaveLength(3);
    const retries = events.filter((e) => e.event === 'http:retry').map((e) => e.payload);
    expect(retries).toHaveLength(3);
    // Retry-After 2 s plus full jitter (random 0.5) growing per attempt: 250, 500, 1000 ms.
    expect(retries.map((x) => x.waitMs)).toEqual([2250, 2500, 3000]);
    expect(r).toMatchObject({ stoppedBy: 'end', duplicates: 0 });
    expect(r.items).toBe(r.totalItems);
    const ids = (await mergedItems(r.fileId)).map((t) => t.id);
    expect(ids).toHaveLength(r.totalItems!);
    expect(new Set(ids).size).toBe(r.totalItems);
  });

  it('a 429 storm past the retry limit surfaces the 429 to the caller, with the attempts', async () => {
    demo.setFaults([{ route: 'GET /threats', rateLimit429: { retryAfterSeconds: 2 }, times: 20 }]);
    const events: Event[] = [];
    const res = await call<HttpResponse>(
      'http:send',
      { connectionId: unpaced, requestId: 'storm-1', method: 'GET', path: 'threats?limit=1' },
      events,
    );
    expect(res.status).toBe(429);
    expect(res.rateLimit).toMatchObject({ attempts: 4, retryAfter: 2 });
    expect(events.filter((e) => e.event === 'http:retry').map((e) => e.payload)).toEqual([
      { requestId: 'storm-1', attempt: 2, waitMs: 2250, reason: 'rate-limited', status: 429 },
      { requestId: 'storm-1', attempt: 3, waitMs: 2500, reason: 'rate-limited', status: 429 },
      { requestId: 'storm-1', attempt: 4, waitMs: 3000, reason: 'rate-limited', status: 429 },
    ]);
    expect(threatRequests()).toHaveLength(4);

    // And fetch-all stops on it with the status, keeping what it had.
    const r = await fetchAll(unpaced, 'threats');
    expect(r).toMatchObject({
      stoppedBy: 'error',
      items: 0,
      error: { code: 'http_status', status: 429 },
    });
  });
});

describe('fetch all pages: guards, cancel, errors', () => {
  it('cancel mid-way stops with stoppedBy cancelled and keeps the pages so far', async () => {
    let fetchId = '';
    const events: Event[] = [];
    const pending = call<FetchResult>(
      'paging:fetch-all',
      {
        fetchId: 'cancel-me',
        spec: { connectionId: paced, method: 'GET', path: 'threats?limit=100' },
      },
      events,
      (e) => {
        if (e.event === 'paging:progress' && e.payload.pages === 2 && !fetchId) {
          fetchId = e.payload.fetchId;
          void call('paging:cancel', { fetchId });
        }
      },
    );
    const r = await pending;
    expect(r.stoppedBy).toBe('cancelled');
    expect(r.pages).toBeGreaterThanOrEqual(2);
    expect(r.pages).toBeLessThan(15);
    expect((await mergedItems(r.fileId)).length).toBe(r.items);
    expect(events.at(-1)).toMatchObject({
      event: 'paging:progress',
      payload: { done: true, stoppedBy: 'cancelled' },
    });
    expect(await call('paging:cancel', { fetchId: 'cancel-me' })).toEqual({ cancelled: false });
  });

  it('maxItems and maxPages guards', async () => {
    const r = await fetchAll(paced, 'threats?limit=100', { maxItems: 250 });
    expect(r).toMatchObject({ stoppedBy: 'max-items', items: 250, pages: 3 });
    expect((await mergedItems(r.fileId)).length).toBe(250);

    const p = await fetchAll(paced, 'threats?limit=100', { maxPages: 2 });
    expect(p).toMatchObject({ stoppedBy: 'max-pages', items: 200, pages: 2 });

    // Exactly the whole list is not "max-items".
    const all = await fetchAll(paced, 'threats', { maxItems: p.totalItems });
    expect(all.stoppedBy).toBe('end');

    const big = await call<unknown>('paging:fetch-all', {
      fetchId: 'too-many',
      maxItems: 1_000_001,
      spec: { connectionId: paced, method: 'GET', path: 'threats' },
    }).catch((e: { code: string }) => e.code);
    expect(big).toBe('invalid_input');
  });

  it('refuses anything but GET, and stops with the server words on a bad cursor', async () => {
    const post = await call('paging:fetch-all', {
      fetchId: 'post',
      spec: { connectionId: paced, method: 'POST', path: 'threats/incident' },
    }).catch((e: { code: string }) => e.code);
    expect(post).toBe('invalid_input');

    // Refused before any page (no token here): the error itself, as http:send gives it.
    const bare = await call<ConnectionSummary>('connections:create', {
      config: {
        name: 'No token',
        kind: 'sentinelone',
        baseUrl: demo.baseUrl,
        environment: 'sandbox',
        auth: { scheme: 'ApiToken' },
      },
    });
    const missing = await fetchAll(bare.id, 'threats').catch((e: { code: string }) => e.code);
    expect(missing).toBe('secret_missing');

    const r = await fetchAll(paced, 'threats?cursor=not-a-cursor!');
    expect(r).toMatchObject({ stoppedBy: 'error', error: { code: 'http_status', status: 400 } });
    expect(r.error?.message).toContain('Invalid cursor value received');
  });

  it('http:send waits in line for a one-a-second rule and says so', async () => {
    const events: Event[] = [];
    const send = (requestId: string) =>
      call<HttpResponse>(
        'http:send',
        { connectionId: paced, requestId, method: 'GET', path: 'dv/query-status?queryId=q1' },
        events,
      );
    const first = await send('qs-1');
    const second = await send('qs-2');
    expect(first.rateLimit).toMatchObject({ attempts: 1, rule: '/dv/query-status' });
    expect(second.rateLimit?.waitedMs).toBeGreaterThanOrEqual(900);
    const queued = events.filter((e) => e.event === 'http:queued').map((e) => e.payload);
    expect(queued).toEqual([
      {
        requestId: 'qs-2',
        state: 'queued',
        waitMs: expect.any(Number),
        position: 1,
        rule: '/dv/query-status',
      },
      { requestId: 'qs-2', state: 'started', waitMs: 0, position: 0, rule: '/dv/query-status' },
    ]);
    expect(queued[0]!.waitMs).toBeGreaterThan(900);
  });
});

describe('export of a merged result', () => {
  let result: FetchResult;
  let items: Json[];

  beforeAll(async () => {
    demo.setRateLimits(false);
    result = await fetchAll(paced, 'threats');
    items = await mergedItems(result.fileId);
  });

  type Export = ChannelOutput<'paging:export'>;

  it('JSON and NDJSON round-trip', async () => {
    const json = await call<Export>('paging:export', { fileId: result.fileId, format: 'json' });
    expect(json).toMatchObject({ format: 'json', rows: result.items });
    expect(json.path).toMatch(/[/\\]exports[/\\]threats-\d{8}-\d{6}-[a-f0-9]+\.json$/);
    expect(JSON.parse(await readAll(json.fileId))).toEqual(items);

    const nd = await call<Export>('paging:export', { fileId: result.fileId, format: 'ndjson' });
    expect(nd.rows).toBe(result.items);
    const text = await readAll(nd.fileId);
    expect(Buffer.byteLength(text)).toBe(nd.bytes);
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual(items);
  });

  it('CSV round-trip: dotted names, arrays as JSON, one row per item', async () => {
    const csv = await call<Export>('paging:export', { fileId: result.fileId, format: 'csv' });
    expect(csv.rows).toBe(result.items);
    const rows = parseCsv(await readAll(csv.fileId));
    const [header, ...body] = rows;
    expect(header).toEqual(csv.columns);
    expect(body).toHaveLength(items.length);
    const col = (name: string) => {
      const i = header!.indexOf(name);
      expect(i, name).toBeGreaterThanOrEqual(0);
      return i;
    };
    const id = col('id');
    const threatName = col('threatInfo.threatName');
    const confidence = col('threatInfo.confidenceLevel');
    const indicators = col('indicators');
    for (const [n, item] of items.entries()) {
      const row = body[n]!;
      expect(row).toHaveLength(header!.length);
      expect(row[id]).toBe(item.id);
      expect(row[threatName]).toBe(item.threatInfo.threatName);
      expect(row[confidence]).toBe(item.threatInfo.confidenceLevel ?? '');
      expect(JSON.parse(row[indicators]!)).toEqual(item.indicators);
    }
  });

  it('an unknown file id is refused', async () => {
    const code = await call('paging:export', { fileId: 'fetchall-00000000', format: 'csv' }).catch(
      (e: { code: string }) => e.code,
    );
    expect(code).toBe('not_available');
  });
});
