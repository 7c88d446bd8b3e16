import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionSummary, HttpResponse, SavedRequestInput } from '../../preload/contract';
import type { AppCore } from '../../main/core/app-core';
import { DEMO_S1_CONNECTION_ID } from '../../main/demo/demo-manager';
import { DEMO_S1_TOKENS } from '../../main/demo/sentinelone';
import { createTestCore } from '../helpers/app-harness';

/** The part of newman's in-process API this test uses (the package ships no types). */
interface NewmanSummary {
  run: {
    executions: { item: { name: string }; response?: { code: number }; requestError?: Error }[];
    failures: { error: { message: string } }[];
  };
}
type NewmanRun = (
  options: Record<string, unknown>,
  done: (err: Error | null, summary: NewmanSummary) => void,
) => unknown;
const newman = createRequire(import.meta.url)('newman') as { run: NewmanRun };

/** newman's asynchronous API: the demo tenant answers from this same process meanwhile. */
function runNewman(collection: unknown, values: Record<string, string>): Promise<NewmanSummary> {
  return new Promise((resolve, reject) => {
    newman.run(
      {
        collection,
        environment: {
          name: 'demo',
          values: Object.entries(values).map(([key, value]) => ({ key, value, enabled: true })),
        },
        reporters: [],
        timeoutRequest: 15_000,
      },
      (err, summary) => (err ? reject(err) : resolve(summary)),
    );
  });
}

let core: AppCore;
let baseUrl: string;
let collection: CollectionSummary;
const ctx = { emit: () => undefined };

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await core.dispatch(channel, input, ctx);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

function rows(pairs: Record<string, string>) {
  return Object.entries(pairs).map(([name, value]) => ({ name, value, enabled: true }));
}

const DEMO = 'Demo — SentinelOne';

beforeAll(async () => {
  core = createTestCore().core;
  baseUrl = (await call<{ baseUrl: string }>('demo:start', { tenant: 'sentinelone' })).baseUrl;
  collection = await call<CollectionSummary>('collections:open', {
    path: mkdtempSync(join(tmpdir(), 'soc-newman-')),
    create: true,
    name: 'Daily triage',
  });
});

afterAll(async () => {
  await core.dispose();
});

describe('Postman v2.1 export run by newman against the demo tenant', () => {
  it('exports requests, folders and variables that newman runs with only an environment', async () => {
    const first = await call<HttpResponse>('http:send', {
      requestId: 'newman-seed',
      connectionId: DEMO_S1_CONNECTION_ID,
      method: 'GET',
      path: 'threats',
      query: rows({ limit: '1', resolved: 'false' }),
    });
    const threatId = (first.body as { json: { data: { id: string }[] } }).json.data[0]!.id;
    const id = collection.id;
    await call('collections:save-settings', {
      collectionId: id,
      variables: { threatId, pageSize: '5' },
    });
    await call('collections:create-folder', { collectionId: id, name: 'Threats' });
    await call('collections:create-folder', { collectionId: id, name: 'Agents' });
    const requests: [string, SavedRequestInput][] = [
      [
        'Threats',
        {
          name: 'List threats',
          method: 'GET',
          url: 'threats',
          query: rows({ limit: '{{pageSize}}' }),
          connection: DEMO,
        },
      ],
      [
        'Threats',
        {
          name: 'Mark in progress',
          method: 'POST',
          url: '/threats/incident',
          body: {
            kind: 'json',
            text: '{\n  "filter": { "ids": ["{{threatId}}"] },\n  "data": { "incidentStatus": "in_progress" }\n}\n',
          },
          connection: DEMO,
        },
      ],
      [
        'Agents',
        {
          name: 'Active agents',
          method: 'GET',
          url: 'agents',
          query: rows({ limit: '3', isActive: 'true', sortBy: 'computerName' }),
          headers: rows({ Accept: 'application/json' }),
          connection: DEMO,
        },
      ],
      [
        '',
        {
          name: 'Recent activities',
          method: 'GET',
          url: 'activities',
          query: rows({ limit: '10', sortOrder: 'desc' }),
          connection: DEMO,
        },
      ],
    ];
    for (const [folder, request] of requests) {
      await call('collections:save', { collectionId: id, folder, request });
    }

    const exported = await call<{ json: string; fileName: string; warnings: string[] }>(
      'collections:export-postman',
      { collectionId: id, connectionId: DEMO_S1_CONNECTION_ID },
    );
    expect(exported.fileName).toBe('daily-triage.postman_collection.json');
    expect(exported.warnings).toEqual([]);
    expect(exported.json).not.toContain(DEMO_S1_TOKENS.admin);
    const doc = JSON.parse(exported.json);
    expect(doc.info).toMatchObject({
      name: 'Daily triage',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    });
    expect(doc.auth).toEqual({
      type: 'apikey',
      apikey: [
        { key: 'key', value: 'Authorization', type: 'string' },
        { key: 'value', value: 'ApiToken {{S1_API_TOKEN}}', type: 'string' },
        { key: 'in', value: 'header', type: 'string' },
      ],
    });
    expect(doc.variable.map((v: { key: string; value: string }) => [v.key, v.value])).toEqual([
      ['baseUrl', baseUrl],
      ['pageSize', '5'],
      ['threatId', threatId],
      ['S1_API_TOKEN', ''],
    ]);
    expect(doc.item.map((i: { name: string }) => i.name)).toEqual([
      'Agents',
      'Threats',
      'Recent activities',
    ]);
    const post = doc.item[1].item.find((i: { name: string }) => i.name === 'Mark in progress');
    expect(post.request).toMatchObject({
      method: 'POST',
      url: {
        raw: '{{baseUrl}}/threats/incident',
        host: ['{{baseUrl}}'],
        path: ['threats', 'incident'],
      },
      header: [{ key: 'Content-Type', value: 'application/json' }],
      body: { mode: 'raw', options: { raw: { language: 'json' } } },
    });
    expect(doc.item[0].item[0].request.url).toEqual({
      raw: '{{baseUrl}}/agents?limit=3&isActive=true&sortBy=computerName',
      host: ['{{baseUrl}}'],
      path: ['agents'],
      query: [
        { key: 'limit', value: '3' },
        { key: 'isActive', value: 'true' },
        { key: 'sortBy', value: 'computerName' },
      ],
    });

    const summary = await runNewman(doc, { baseUrl, S1_API_TOKEN: DEMO_S1_TOKENS.admin });
    expect(summary.run.failures.map((f) => f.error.message)).toEqual([]);
    expect(
      summary.run.executions.map((e) => [e.item.name, e.requestError?.message ?? e.response?.code]),
    ).toEqual([
      ['Active agents', 200],
      ['List threats', 200],
      ['Mark in progress', 200],
      ['Recent activities', 200],
    ]);

    // The POST really reached the tenant: the next GET shows the new status.
    const after = await call<HttpResponse>('http:send', {
      requestId: 'newman-check',
      connectionId: DEMO_S1_CONNECTION_ID,
      method: 'GET',
      path: 'threats',
      query: rows({ ids: threatId }),
    });
    const threat = (after.body as { json: { data: { threatInfo: { incidentStatus: string } }[] } })
      .json.data[0]!;
    expect(threat.threatInfo.incidentStatus).toBe('in_progress');

    // The credential comes only from the environment: without it every request is refused.
    const denied = await runNewman(doc, { baseUrl, S1_API_TOKEN: 'not-a-token' });
    expect(denied.run.executions.map((e) => e.response?.code)).toEqual([401, 401, 401, 401]);
  });
});
