import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_S1_TOKENS,
  S1_API_PREFIX,
  startSentinelOneDemo,
  type SentinelOneDemo,
} from '../../main/demo/sentinelone';

// Response bodies are checked field by field below; a full schema type would only repeat them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

interface CallOptions {
  method?: string;
  token?: string | null;
  scheme?: string;
  body?: unknown;
  rawBody?: string;
}

let demo: SentinelOneDemo;

async function call(path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? DEMO_S1_TOKENS.admin : options.token;
  if (token !== null) headers.Authorization = `${options.scheme ?? 'ApiToken'} ${token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${demo.baseUrl}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : null };
}

function expectError(reply: Reply, status: number, title: string): string {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toBe('application/json');
  expect(reply.json.errors).toHaveLength(1);
  const [error] = reply.json.errors;
  expect(error.code).toBe(status * 10_000 + 10);
  expect(error.title).toBe(title);
  expect(typeof error.detail).toBe('string');
  return error.detail as string;
}

/** Action details follow the tenant's order, not the order of the ids sent. */
function byId<T extends { id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

async function pageThroughAll(
  path: string,
): Promise<{ ids: string[]; total: number; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let total: number;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const reply = await call(`${path}${sep}limit=100${suffix}`);
    expect(reply.status).toBe(200);
    total = reply.json.pagination.totalItems;
    ids.push(...reply.json.data.map((item: { id: string }) => item.id));
    cursor = reply.json.pagination.nextCursor;
    pages++;
    expect(pages).toBeLessThan(100);
  } while (cursor !== null);
  return { ids, total, pages };
}

beforeAll(async () => {
  demo = await startSentinelOneDemo({ port: 0 });
});

afterAll(async () => {
  await demo.close();
});

describe('server basics', () => {
  it('listens on loopback and exposes the v2.1 base URL and tokens', () => {
    expect(demo.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(demo.baseUrl).toBe(`${demo.origin}${S1_API_PREFIX}`);
    expect(demo.origin.endsWith(`:${demo.port}`)).toBe(true);
    expect(demo.tokens).toEqual(DEMO_S1_TOKENS);
  });

  it('answers 404 envelopes inside and outside the prefix, and 405 with Allow', async () => {
    expect(expectError(await call('/no-such-thing'), 404, 'Resource not found')).toContain(
      '/no-such-thing',
    );
    const outside = await fetch(`${demo.origin}/index.html`);
    expect(outside.status).toBe(404);
    expect(((await outside.json()) as Json).errors[0].code).toBe(4040010);

    const del = await call('/threats', { method: 'DELETE' });
    expectError(del, 405, 'Method Not Allowed');
    expect(del.headers.get('allow')).toBe('GET');
    const getAction = await call('/threats/incident');
    expectError(getAction, 405, 'Method Not Allowed');
    expect(getAction.headers.get('allow')).toBe('POST');
  });

  it('refuses requests addressed to a non-loopback Host name', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${demo.baseUrl}/threats`,
        { headers: { Host: 'attacker.example', Authorization: `ApiToken ${demo.tokens.admin}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('serves connection-test and token-expiry endpoints', async () => {
    expect((await call('/system/status')).json).toEqual({ data: { health: 'ok' } });
    const details = await call('/users/api-token-details', {
      token: DEMO_S1_TOKENS.viewer,
      body: { data: { apiToken: DEMO_S1_TOKENS.viewer } },
    });
    expect(details.status).toBe(200);
    expect(Date.parse(details.json.data.expiresAt)).toBeGreaterThan(
      Date.parse(details.json.data.createdAt),
    );
  });
});

describe('authentication', () => {
  it('rejects a missing or wrong token with the 401 envelope', async () => {
    expectError(await call('/threats', { token: null }), 401, 'Authentication Failed');
    expectError(await call('/threats', { token: 'not-a-token' }), 401, 'Authentication Failed');
    expectError(
      await call('/threats', { scheme: 'Bearer', token: DEMO_S1_TOKENS.admin }),
      401,
      'Authentication Failed',
    );
  });

  it('accepts the APIToken spelling of the scheme', async () => {
    const reply = await call('/threats?limit=1', { scheme: 'APIToken' });
    expect(reply.status).toBe(200);
    expect(reply.json.data).toHaveLength(1);
  });

  it('lets the viewer read but not mitigate, leaving state unchanged', async () => {
    const read = await call('/threats?limit=1&incidentStatuses=unresolved', {
      token: DEMO_S1_TOKENS.viewer,
    });
    expect(read.status).toBe(200);
    const threat = read.json.data[0];
    const denied = await call('/threats/mitigate/quarantine', {
      token: DEMO_S1_TOKENS.viewer,
      body: { filter: { ids: [threat.id] } },
    });
    expectError(denied, 403, 'Insufficient permissions');
    const after = await call(`/threats?ids=${threat.id}`);
    expect(after.json.data[0]).toEqual(threat);
  });

  it('answers 4030010 to a viewer on incident and analyst-verdict, leaving state unchanged', async () => {
    const read = await call(
      '/threats?limit=2&incidentStatuses=unresolved&analystVerdicts=undefined',
      {
        token: DEMO_S1_TOKENS.viewer,
      },
    );
    const ids = read.json.data.map((t: { id: string }) => t.id);
    expect(ids).toHaveLength(2);
    const attempts = [
      call('/threats/incident', {
        token: DEMO_S1_TOKENS.viewer,
        body: {
          filter: { ids },
          data: { incidentStatus: 'resolved', analystVerdict: 'true_positive' },
        },
      }),
      call('/threats/analyst-verdict', {
        token: DEMO_S1_TOKENS.viewer,
        body: { filter: { ids }, data: { analystVerdict: 'false_positive' } },
      }),
    ];
    for (const denied of await Promise.all(attempts)) {
      expectError(denied, 403, 'Insufficient permissions');
      expect(denied.json.errors[0].code).toBe(4030010);
    }
    const after = await call(`/threats?ids=${ids.join(',')}&sortBy=id&sortOrder=asc`);
    expect(after.json.data).toEqual(byId(read.json.data));
  });
});

describe('paging', () => {
  it('walks every threat exactly once with cursors and ends on nextCursor null', async () => {
    const { ids, total, pages } = await pageThroughAll('/threats');
    expect(total).toBeGreaterThanOrEqual(1500);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 100));
  });

  it('walks a filtered list exactly once', async () => {
    const all = await call('/threats?countOnly=true');
    const { ids, total } = await pageThroughAll('/threats?incidentStatuses=unresolved');
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(all.json.pagination.totalItems);
    expect(new Set(ids).size).toBe(total);
    const sample = await call(`/threats?ids=${ids.slice(0, 50).join(',')}&limit=100`);
    expect(sample.json.data).toHaveLength(50);
    for (const threat of sample.json.data)
      expect(threat.threatInfo.incidentStatus).toBe('unresolved');
  });

  it('keeps the requested ordering across cursor pages', async () => {
    const dates: string[] = [];
    let cursor: string | null;
    let query = '/activities?sortBy=createdAt&sortOrder=asc&limit=1000';
    do {
      const reply = await call(query);
      dates.push(...reply.json.data.map((a: { createdAt: string }) => a.createdAt));
      cursor = reply.json.pagination.nextCursor;
      // Later pages send only the cursor: it carries the ordering.
      query = `/activities?limit=1000&cursor=${encodeURIComponent(cursor ?? '')}`;
    } while (cursor !== null);
    expect(dates.length).toBeGreaterThanOrEqual(10_000);
    expect(dates).toEqual([...dates].sort());
  });

  it('validates limit, skip and cursor with the 400 envelope', async () => {
    const over = expectError(await call('/threats?limit=1001'), 400, 'Validation Error');
    expect(over).toContain('limit');
    expect(expectError(await call('/threats?limit=0'), 400, 'Validation Error')).toContain('limit');
    expectError(await call('/threats?limit=ten'), 400, 'Validation Error');
    expect(expectError(await call('/threats?skip=1001'), 400, 'Validation Error')).toContain(
      'skip',
    );
    const bad = expectError(await call('/threats?cursor=not-a-cursor!'), 400, 'Validation Error');
    expect(bad).toBe('Invalid cursor value received');
    const junk = Buffer.from('{"offset":"x"}').toString('base64');
    expectError(await call(`/threats?cursor=${junk}`), 400, 'Validation Error');
    expect(expectError(await call('/threats?sortBy=nope'), 400, 'Validation Error')).toContain(
      'sortBy',
    );
    expectError(await call('/threats?sortOrder=up'), 400, 'Validation Error');
  });

  it('applies skip and the default limit of 10', async () => {
    const first = await call('/threats');
    expect(first.json.data).toHaveLength(10);
    const skipped = await call('/threats?skip=5&limit=5');
    expect(skipped.json.data.map((t: { id: string }) => t.id)).toEqual(
      first.json.data.slice(5).map((t: { id: string }) => t.id),
    );
  });

  it('returns only a count for countOnly and ignores unknown parameters', async () => {
    const listed = await call('/agents?osTypes=macos&limit=1');
    const counted = await call('/agents?osTypes=macos&countOnly=true&whatever=1');
    expect(counted.status).toBe(200);
    expect(counted.json.data).toEqual([]);
    expect(counted.json.pagination).toEqual({
      nextCursor: null,
      totalItems: listed.json.pagination.totalItems,
    });
    expect(listed.json.pagination.totalItems).toBeGreaterThan(0);
  });

  it('sorts by createdAt ascending and descending (the threat default)', async () => {
    const asc = await call('/threats?sortBy=createdAt&sortOrder=asc&limit=200');
    const ascDates = asc.json.data.map(
      (t: { threatInfo: { createdAt: string } }) => t.threatInfo.createdAt,
    );
    expect(ascDates).toEqual([...ascDates].sort());
    const byDefault = await call('/threats?limit=200');
    const descDates = byDefault.json.data.map(
      (t: { threatInfo: { createdAt: string } }) => t.threatInfo.createdAt,
    );
    expect(descDates).toEqual([...descDates].sort().reverse());
    expect(descDates[0] > ascDates[0]).toBe(true);
  });

  it('serves a 1000-item page', async () => {
    const reply = await call('/threats?limit=1000');
    expect(reply.json.data).toHaveLength(1000);
    expect(typeof reply.json.pagination.nextCursor).toBe('string');
  });
});

describe('threat filters', () => {
  it('filters by resolved, verdicts, confidence, classification and date range', async () => {
    const resolved = await call('/threats?resolved=true&limit=1000');
    for (const t of resolved.json.data) expect(t.threatInfo.incidentStatus).toBe('resolved');
    const open = await call('/threats?resolved=false&countOnly=true');
    const all = await call('/threats?countOnly=true');
    expect(resolved.json.pagination.totalItems + open.json.pagination.totalItems).toBe(
      all.json.pagination.totalItems,
    );

    const mixed = await call(
      '/threats?analystVerdicts=false_positive,suspicious&confidenceLevels=malicious&limit=1000',
    );
    expect(mixed.json.data.length).toBeGreaterThan(0);
    for (const t of mixed.json.data) {
      expect(['false_positive', 'suspicious']).toContain(t.threatInfo.analystVerdict);
      expect(t.threatInfo.confidenceLevel).toBe('malicious');
    }

    const ransomware = await call('/threats?classifications=Ransomware&limit=1000');
    expect(ransomware.json.data.length).toBeGreaterThan(0);
    for (const t of ransomware.json.data) expect(t.threatInfo.classification).toBe('Ransomware');

    const since = '2026-10-15T00:00:00Z';
    const recent = await call(`/threats?createdAt__gt=${since}&limit=1000`);
    expect(recent.json.data.length).toBeGreaterThan(0);
    expect(recent.json.pagination.totalItems).toBeLessThan(all.json.pagination.totalItems);
    for (const t of recent.json.data) {
      expect(Date.parse(t.threatInfo.createdAt)).toBeGreaterThan(Date.parse(since));
    }

    const older = await call(`/threats?createdAt__lt=${since}&limit=1000`);
    expect(older.json.data.length).toBeGreaterThan(0);
    for (const t of older.json.data) {
      expect(Date.parse(t.threatInfo.createdAt)).toBeLessThan(Date.parse(since));
    }
    // No threat in the seed sits exactly on the bound, so the two halves add up.
    expect(older.json.pagination.totalItems + recent.json.pagination.totalItems).toBe(
      all.json.pagination.totalItems,
    );
  });

  it('rejects invalid filter values', async () => {
    expect(
      expectError(await call('/threats?createdAt__gt=yesterday'), 400, 'Validation Error'),
    ).toContain('createdAt__gt');
    expectError(await call('/threats?incidentStatuses=closed'), 400, 'Validation Error');
    expect(expectError(await call('/threats?siteIds=abc'), 400, 'Validation Error')).toContain(
      'siteIds',
    );
    expectError(await call('/threats?resolved=maybe'), 400, 'Validation Error');
  });

  it('threats reference real agents, sites and groups', async () => {
    const threats = await call('/threats?limit=20');
    const agentIds = [...new Set(threats.json.data.map((t: Json) => t.agentRealtimeInfo.agentId))];
    const agents = await call(`/agents?ids=${agentIds.join(',')}&limit=100`);
    expect(agents.json.pagination.totalItems).toBe(agentIds.length);
    for (const t of threats.json.data) {
      const agent = agents.json.data.find((a: Json) => a.id === t.agentRealtimeInfo.agentId);
      expect(agent.computerName).toBe(t.agentRealtimeInfo.agentComputerName);
      expect(agent.siteId).toBe(t.agentRealtimeInfo.siteId);
    }
  });
});

describe('threat actions', () => {
  beforeEach(() => {
    demo.reset();
  });

  async function pickThreats(query: string, count = 3): Promise<Json[]> {
    const reply = await call(`/threats?${query}&limit=${count}`);
    expect(reply.json.data).toHaveLength(count);
    return reply.json.data;
  }

  it('quarantines threats and the next GET shows the new mitigation state', async () => {
    const before = await pickThreats('incidentStatuses=unresolved&mitigationStatuses=active');
    const ids = before.map((t) => t.id);
    const reply = await call('/threats/mitigate/quarantine', { body: { filter: { ids } } });
    expect(reply.status).toBe(200);
    expect({
      ...reply.json,
      data: { ...reply.json.data, details: byId(reply.json.data.details) },
    }).toEqual({
      data: {
        affected: 3,
        details: byId(before).map((t) => ({
          id: t.id,
          agentId: t.agentRealtimeInfo.agentId,
          success: true,
          action: 'quarantine',
          mitigationStatus: 'mitigated',
        })),
      },
      errors: [],
    });

    const after = await call(`/threats?ids=${ids.join(',')}`);
    expect(after.json.pagination.totalItems).toBe(3);
    for (const t of after.json.data) {
      const old = before.find((b) => b.id === t.id);
      expect(t.threatInfo.mitigationStatus).toBe('mitigated');
      expect(t.mitigationStatus).toHaveLength(old.mitigationStatus.length + 1);
      expect(t.mitigationStatus.at(-1)).toMatchObject({ action: 'quarantine', status: 'success' });
      expect(Date.parse(t.threatInfo.updatedAt)).toBeGreaterThan(
        Date.parse(old.threatInfo.updatedAt),
      );
    }
    const filtered = await call(`/threats?ids=${ids.join(',')}&mitigationStatuses=active`);
    expect(filtered.json.pagination.totalItems).toBe(0);
  });

  it('un-quarantine makes a threat active again; network-quarantine disconnects the agent', async () => {
    const [threat] = await pickThreats('mitigationStatuses=mitigated&resolved=false', 1);
    await call('/threats/mitigate/un-quarantine', { body: { filter: { ids: [threat.id] } } });
    const reopened = await call(`/threats?ids=${threat.id}`);
    expect(reopened.json.data[0].threatInfo.mitigationStatus).toBe('active');

    const agentId = threat.agentRealtimeInfo.agentId;
    const isolate = await call('/threats/mitigate/network-quarantine', {
      body: { filter: { ids: [threat.id] } },
    });
    expect(isolate.json.data).toEqual({
      affected: 1,
      details: [
        {
          id: threat.id,
          agentId,
          success: true,
          action: 'network-quarantine',
          mitigationStatus: 'active',
        },
      ],
    });
    const isolated = await call(`/threats?ids=${threat.id}`);
    expect(isolated.json.data[0].agentRealtimeInfo.agentNetworkStatus).toBe('disconnected');
    expect(isolated.json.data[0].threatInfo.mitigationStatus).toBe('active');
    const agent = await call(`/agents?ids=${agentId}`);
    expect(agent.json.data[0].networkStatus).toBe('disconnected');
  });

  it('mitigating every open threat of an agent clears its infected flag', async () => {
    const [agent] = (await call('/agents?isInfected=true&limit=1')).json.data;
    expect(agent.activeThreats).toBeGreaterThan(0);
    const reply = await call('/threats/mitigate/kill', {
      body: {
        filter: {
          agentIds: [agent.id],
          resolved: false,
          mitigationStatuses: ['active', 'not_mitigated'],
        },
      },
    });
    expect(reply.json.data.affected).toBe(agent.activeThreats);
    expect(reply.json.data.details).toHaveLength(agent.activeThreats);
    for (const detail of reply.json.data.details) {
      expect(detail).toMatchObject({ agentId: agent.id, success: true, action: 'kill' });
    }
    const after = await call(`/agents?ids=${agent.id}`);
    expect(after.json.data[0]).toMatchObject({ infected: false, activeThreats: 0 });
    const stillInfected = await call(`/agents?ids=${agent.id}&isInfected=true`);
    expect(stillInfected.json.pagination.totalItems).toBe(0);
  });

  it('resolves threats through POST /threats/incident', async () => {
    const ids = (await pickThreats('incidentStatuses=unresolved')).map((t) => t.id);
    const reply = await call('/threats/incident', {
      body: {
        filter: { ids },
        data: { incidentStatus: 'resolved', analystVerdict: 'true_positive' },
      },
    });
    expect(reply.json.errors).toEqual([]);
    expect(reply.json.data.affected).toBe(3);
    expect(reply.json.data.details).toHaveLength(3);
    expect(reply.json.data.details.map((d: Json) => d.id).sort()).toEqual([...ids].sort());
    for (const detail of reply.json.data.details) {
      expect(detail).toEqual({
        id: expect.any(String),
        agentId: expect.any(String),
        success: true,
        incidentStatus: 'resolved',
        analystVerdict: 'true_positive',
      });
    }
    const resolved = await call(`/threats?resolved=true&ids=${ids.join(',')}`);
    expect(resolved.json.data.map((t: Json) => t.id).sort()).toEqual([...ids].sort());
    for (const t of resolved.json.data) {
      expect(t.threatInfo.analystVerdict).toBe('true_positive');
      expect(t.threatInfo.incidentStatusDescription).toBe('Resolved');
    }
    const open = await call(`/threats?resolved=false&ids=${ids.join(',')}`);
    expect(open.json.pagination.totalItems).toBe(0);
  });

  it('sets the analyst verdict through POST /threats/analyst-verdict', async () => {
    const ids = (await pickThreats('analystVerdicts=undefined')).map((t) => t.id);
    const reply = await call('/threats/analyst-verdict', {
      body: { filter: { ids }, data: { analystVerdict: 'false_positive' } },
    });
    expect(reply.json.data.affected).toBe(3);
    expect(byId(reply.json.data.details)).toEqual(
      [...ids].sort().map((id) => ({
        id,
        agentId: expect.any(String),
        success: true,
        analystVerdict: 'false_positive',
      })),
    );
    const after = await call(`/threats?analystVerdicts=false_positive&ids=${ids.join(',')}`);
    expect(after.json.pagination.totalItems).toBe(3);
  });

  it('rejects bad actions, enums, filters and bodies without changing state', async () => {
    const [threat] = await pickThreats('incidentStatuses=unresolved', 1);
    const filter = { ids: [threat.id] };
    expect(
      expectError(
        await call('/threats/mitigate/explode', { body: { filter } }),
        400,
        'Validation Error',
      ),
    ).toContain('explode');
    expect(
      expectError(
        await call('/threats/incident', { body: { filter, data: { incidentStatus: 'done' } } }),
        400,
        'Validation Error',
      ),
    ).toContain('incidentStatus');
    expectError(
      await call('/threats/analyst-verdict', {
        body: { filter, data: { analystVerdict: 'maybe' } },
      }),
      400,
      'Validation Error',
    );
    expectError(
      await call('/threats/mitigate/kill', { body: { ids: [threat.id] } }),
      400,
      'Validation Error',
    );
    expectError(
      await call('/threats/mitigate/kill', { body: { filter: {} } }),
      400,
      'Validation Error',
    );
    expectError(await call('/threats/mitigate/kill', { method: 'POST' }), 400, 'Validation Error');
    const malformed = await call('/threats/mitigate/kill', { rawBody: '{"filter": {"ids": [' });
    expect(expectError(malformed, 400, 'Validation Error')).toContain('not valid JSON');

    const after = await call(`/threats?ids=${threat.id}`);
    expect(after.json.data[0]).toEqual(threat);
  });

  it('answers 413 for a body over the 10 MB cap', async () => {
    const big = JSON.stringify({ filter: { ids: ['1'] }, pad: 'x'.repeat(10 * 1024 * 1024) });
    const reply = await call('/threats/mitigate/kill', { rawBody: big });
    expectError(reply, 413, 'Payload Too Large');
  });
});

describe('agents, activities, sites and groups', () => {
  it('filters agents by isInfected, computerName__like and more', async () => {
    const infected = await call('/agents?isInfected=true&limit=1000');
    const total = (await call('/agents?countOnly=true')).json.pagination.totalItems;
    expect(total).toBeGreaterThanOrEqual(5000);
    expect(infected.json.data.length).toBeGreaterThan(0);
    expect(infected.json.pagination.totalItems).toBeLessThan(total);
    for (const a of infected.json.data) {
      expect(a.infected).toBe(true);
      expect(a.activeThreats).toBeGreaterThan(0);
    }

    const like = await call('/agents?computerName__like=mbp-&limit=1000');
    expect(like.json.data.length).toBeGreaterThan(0);
    for (const a of like.json.data) expect(a.computerName.toLowerCase()).toContain('mbp-');

    const combo = await call(
      '/agents?osTypes=linux&networkStatuses=disconnected&isActive=false&limit=1000',
    );
    expect(combo.json.data.length).toBeGreaterThan(0);
    for (const a of combo.json.data) {
      expect(a).toMatchObject({ osType: 'linux', networkStatus: 'disconnected', isActive: false });
    }
    expectError(await call('/agents?isInfected=sometimes'), 400, 'Validation Error');
    expectError(await call('/agents?osTypes=beos'), 400, 'Validation Error');
  });

  it('filters activities by activityTypes and dates, and lists the types', async () => {
    const types = await call('/activities/types');
    expect(types.json.data.length).toBeGreaterThan(5);
    for (const t of types.json.data) {
      expect(Object.keys(t).sort()).toEqual(['action', 'descriptionTemplate', 'id']);
    }
    const known = new Set(types.json.data.map((t: { id: number }) => t.id));
    const page = await call('/activities?limit=1000');
    for (const a of page.json.data) expect(known.has(a.activityType)).toBe(true);

    const some = await call('/activities?activityTypes=27,18&limit=1000');
    const seen = new Set(some.json.data.map((a: { activityType: number }) => a.activityType));
    expect([...seen].sort()).toEqual([18, 27]);
    const bound = '2026-10-20T00:00:00.000Z';
    const late = await call(`/activities?activityTypes=18&createdAt__lt=${bound}&limit=1000`);
    expect(late.json.data.length).toBeGreaterThan(0);
    for (const a of late.json.data) {
      expect(a.activityType).toBe(18);
      expect(a.createdAt < bound).toBe(true);
    }
    const early = await call(`/activities?activityTypes=18&createdAt__gt=${bound}&limit=1000`);
    expect(early.json.data.length).toBeGreaterThan(0);
    for (const a of early.json.data) {
      expect(a.activityType).toBe(18);
      expect(a.createdAt > bound).toBe(true);
    }
    const all18 = await call('/activities?activityTypes=18&countOnly=true');
    expect(early.json.pagination.totalItems + late.json.pagination.totalItems).toBe(
      all18.json.pagination.totalItems,
    );
    expectError(await call('/activities?activityTypes=threat'), 400, 'Validation Error');
    expectError(await call('/activities?createdAt__gt=soon'), 400, 'Validation Error');
  });

  it('links activities to threats', async () => {
    const [threat] = (await call('/threats?limit=1')).json.data;
    const related = await call(`/activities?threatIds=${threat.id}`);
    expect(related.json.data.length).toBeGreaterThan(0);
    for (const a of related.json.data) expect(a.threatId).toBe(threat.id);
  });

  it('serves sites in the nested allSites shape, and groups by site', async () => {
    const sites = await call('/sites?limit=100');
    const list = sites.json.data.sites;
    expect(list.length).toBe(sites.json.pagination.totalItems);
    expect(sites.json.data.allSites.activeLicenses).toBe(
      list.reduce((sum: number, s: { activeLicenses: number }) => sum + s.activeLicenses, 0),
    );
    for (const s of list)
      expect(s).toMatchObject({ state: 'active', accountName: expect.any(String) });

    const groups = await call(`/groups?siteIds=${list[0].id}&limit=100`);
    expect(groups.json.data.length).toBeGreaterThan(0);
    for (const g of groups.json.data) expect(g.siteId).toBe(list[0].id);
    const allGroups = await call('/groups?countOnly=true');
    expect(allGroups.json.pagination.totalItems).toBeGreaterThan(groups.json.data.length);
  });
});

describe('determinism, request log and reset', () => {
  it('two servers with the same seed serve identical pages; another seed differs', async () => {
    const [a, b, c] = await Promise.all([
      startSentinelOneDemo({ seed: 7 }),
      startSentinelOneDemo({ seed: 7 }),
      startSentinelOneDemo({ seed: 8 }),
    ]);
    try {
      const first = async (d: SentinelOneDemo, path: string) => {
        const res = await fetch(`${d.baseUrl}${path}`, {
          headers: { Authorization: `ApiToken ${d.tokens.viewer}` },
        });
        return res.text();
      };
      for (const path of ['/threats?limit=50', '/agents?limit=50', '/activities?limit=50']) {
        const [ta, tb, tc] = await Promise.all([first(a, path), first(b, path), first(c, path)]);
        expect(ta).toBe(tb);
        expect(ta).not.toBe(tc);
      }
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('records API requests (not control routes) and serves them at /__demo/log', async () => {
    demo.clearLog();
    await call('/threats?limit=2&sortBy=id');
    await call('/agents', { token: 'wrong' });
    await call('/threats/mitigate/kill', { token: DEMO_S1_TOKENS.viewer, body: { filter: {} } });
    const entries = demo.requestLog();
    expect(
      entries.map((e) => [e.method, e.path, e.query, e.status, e.authorized, e.hasBody]),
    ).toEqual([
      ['GET', `${S1_API_PREFIX}/threats`, 'limit=2&sortBy=id', 200, true, false],
      ['GET', `${S1_API_PREFIX}/agents`, '', 401, false, false],
      ['POST', `${S1_API_PREFIX}/threats/mitigate/kill`, '', 403, true, true],
    ]);
    for (const e of entries) expect(Number.isNaN(Date.parse(e.at))).toBe(false);

    const served = (await (await fetch(`${demo.origin}/__demo/log`)).json()) as Json;
    expect(served).toEqual({ data: entries });
    const cleared = await fetch(`${demo.origin}/__demo/log/clear`, { method: 'POST' });
    expect(cleared.status).toBe(200);
    expect(demo.requestLog()).toEqual([]);
  });

  it('refuses control routes to a cross-site browser origin', async () => {
    const res = await fetch(`${demo.origin}/__demo/reset`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
  });

  it('reset() and POST /__demo/reset restore the seeded state', async () => {
    const pick = await call('/threats?incidentStatuses=unresolved&limit=2');
    const ids = pick.json.data.map((t: { id: string }) => t.id).join(',');
    const seeded = (await call(`/threats?ids=${ids}`)).text;

    await call('/threats/incident', {
      body: { filter: { ids: ids.split(',') }, data: { incidentStatus: 'resolved' } },
    });
    expect((await call(`/threats?ids=${ids}`)).text).not.toBe(seeded);
    demo.reset();
    expect((await call(`/threats?ids=${ids}`)).text).toBe(seeded);

    await call('/threats/mitigate/kill', { body: { filter: { ids: ids.split(',') } } });
    expect((await call(`/threats?ids=${ids}`)).text).not.toBe(seeded);
    const res = await fetch(`${demo.origin}/__demo/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await call(`/threats?ids=${ids}`)).text).toBe(seeded);
  });
});
