import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ConnectionSummary,
  HttpPreview,
  HttpResponse,
  SendInput,
  VariableInfo,
} from '../../preload/contract';
import type { AppCore } from '../../main/core/app-core';
import { DEMO_S1_TOKENS } from '../../main/demo/sentinelone';
import { DEMO_S1_CONNECTION_ID } from '../../main/demo/demo-manager';
import { createTestCore } from '../helpers/app-harness';

// A real demo credential the console does not otherwise know, sent only as a secret variable.
const SECRET = DEMO_S1_TOKENS.viewer;

let core: AppCore;
let dataDir: string;
let viaHeader: ConnectionSummary;
/** Every answer and event main produced in this file, to search for the secret. */
const seen: unknown[] = [];
const ctx = { emit: (event: string, payload: unknown) => void seen.push({ event, payload }) };
let n = 0;

async function dispatch(channel: string, input: unknown) {
  const result = await core.dispatch(channel, input, ctx);
  seen.push(result);
  return result;
}

async function call<T>(channel: string, input: unknown): Promise<T> {
  const result = await dispatch(channel, input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

const threatsRequest = (extra: Partial<SendInput> = {}) => ({
  connectionId: viaHeader.id,
  method: 'GET' as const,
  path: 'threats',
  query: [{ name: 'limit', value: '{{threatLimit}}', enabled: true }],
  headers: [{ name: 'Authorization', value: 'ApiToken {{ token2 }}', enabled: true }],
  ...extra,
});

beforeAll(async () => {
  ({ core, dataDir } = createTestCore());
  const demo = await call<{ baseUrl: string }>('demo:start', { tenant: 'sentinelone' });
  // No credentials of its own: the only token on the wire is the secret variable.
  viaHeader = await call<ConnectionSummary>('connections:create', {
    config: {
      name: 'Demo by hand',
      kind: 'generic',
      baseUrl: demo.baseUrl,
      environment: 'sandbox',
      auth: { scheme: 'none' },
    },
  });
  await call('variables:set', { scope: 'global', name: 'threatLimit', value: '3' });
  await call('variables:set', {
    scope: { connectionId: viaHeader.id },
    name: 'token2',
    value: SECRET,
    secret: true,
    storage: 'keychain',
  });
});

afterAll(async () => {
  await core.dispose();
});

describe('variables in a real send', () => {
  it('resolves {{threatLimit}} in the query and the secret {{token2}} in a header', async () => {
    core.demo.sentinelOne!.clearLog();
    const res = await call<HttpResponse>('http:send', {
      requestId: `v-${++n}`,
      ...threatsRequest(),
    });
    expect(res.status).toBe(200);
    expect((res.body as { json: { data: unknown[] } }).json.data).toHaveLength(3);
    const log = core.demo.sentinelOne!.requestLog();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      method: 'GET',
      path: '/web/api/v2.1/threats',
      authorized: true,
    });
    expect(log[0]!.query).toContain('limit=3');
  });

  it('a collection variable wins over the global one', async () => {
    core.demo.sentinelOne!.clearLog();
    const res = await call<HttpResponse>('http:send', {
      requestId: `v-${++n}`,
      ...threatsRequest({
        collection: { id: 'col-0123456789abcdef', variables: { threatLimit: '2' } },
      }),
    });
    expect(res.status).toBe(200);
    expect(core.demo.sentinelOne!.requestLog()[0]!.query).toContain('limit=2');
  });

  it('the preview shows the resolved request with the secret masked', async () => {
    const preview = await call<HttpPreview>('http:preview', threatsRequest());
    expect(preview.url).toMatch(/\/web\/api\/v2\.1\/threats\?limit=3$/);
    expect(preview.headers).toContainEqual([
      'Authorization',
      expect.stringMatching(/^ApiToken ••••[0-9a-f]{4}$/),
    ]);
    expect(preview.unresolved).toEqual([]);
    expect(preview.references.map((r) => [r.name, r.scope, r.secret])).toEqual([
      ['threatLimit', 'global', false],
      ['token2', 'connection', true],
    ]);
    expect(preview.credentialHeader).toBeNull();
    const onDemo = await call<HttpPreview>('http:preview', {
      ...threatsRequest(),
      connectionId: DEMO_S1_CONNECTION_ID,
      headers: [],
    });
    expect(onDemo.credentialHeader).toEqual({
      name: 'Authorization',
      value: 'ApiToken $S1_API_TOKEN',
    });
  });

  it('an undefined variable is refused before anything is sent, with its locations', async () => {
    core.demo.sentinelOne!.clearLog();
    const result = await dispatch('http:send', {
      requestId: `v-${++n}`,
      ...threatsRequest({
        method: 'POST',
        path: 'threats/incident',
        body: {
          kind: 'json',
          text: '{"filter":{"ids":["{{threatId}}"]},"data":{"incidentStatus":"resolved"}}',
        },
      }),
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'undefined_variable',
        details: {
          names: ['threatId'],
          references: [{ name: 'threatId', field: 'body', offset: 19, length: 12, scope: null }],
        },
      },
    });
    expect(core.demo.sentinelOne!.requestLog()).toEqual([]);
    const preview = await call<HttpPreview>(
      'http:preview',
      threatsRequest({ path: 'threats/{{threatId}}' }),
    );
    expect(preview.unresolved).toEqual(['threatId']);
  });

  it('lists the secret by fingerprint only', async () => {
    const list = await call<VariableInfo[]>('variables:list', { connectionId: viaHeader.id });
    expect(list).toEqual([
      expect.objectContaining({
        name: 'token2',
        secret: true,
        scope: { connectionId: viaHeader.id },
      }),
      { name: 'threatLimit', scope: 'global', secret: false, value: '3' },
    ]);
  });

  it('a mutating send with the secret in the body is audited without it', async () => {
    const res = await call<HttpResponse>('http:send', {
      requestId: `v-${++n}`,
      ...threatsRequest({
        method: 'POST',
        path: 'threats/incident',
        query: [],
        body: {
          kind: 'json',
          text: `{"filter":{"ids":["x"]},"data":{"incidentStatus":"resolved","note":"{{token2}}"}}`,
        },
      }),
    });
    expect(res.status).toBe(403); // the viewer token may not change anything
  });

  it('a secret in the path is redacted in the answer in its URL-encoded form too', async () => {
    const odd = 'odd secret&value/9';
    await call('variables:set', { scope: 'global', name: 'odd', value: odd, secret: true });
    const res = await call<HttpResponse>('http:send', {
      requestId: `v-${++n}`,
      ...threatsRequest({ path: 'threats/{{odd}}?q={{odd}}', query: [] }),
    });
    expect(res.url).toMatch(/\/threats\/\{\{odd\}\}\?q=\{\{odd\}\}$/);
    const text = JSON.stringify(res);
    for (const form of [odd, 'odd%20secret&value/9', encodeURIComponent(odd)]) {
      expect(text).not.toContain(form);
    }
  });

  it('refuses __proto__ as a name', async () => {
    const result = await dispatch('variables:set', {
      scope: 'global',
      name: '__proto__',
      value: 'x',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('the secret appears in no answer, event or file', async () => {
    expect(JSON.stringify(seen)).not.toContain(SECRET);
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else files.push(p);
      }
    };
    await walk(dataDir);
    expect(files.some((f) => f.endsWith('variables.json'))).toBe(true);
    for (const f of files) expect(await readFile(f, 'utf8'), f).not.toContain(SECRET);
  });
});
