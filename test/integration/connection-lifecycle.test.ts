import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  ConnectionConfigInput,
  ConnectionSummary,
  HttpResponse,
  StorageProblem,
} from '../../preload/contract';
import type { AppCore } from '../../main/core/app-core';
import { createTestCore, switchableKeychain } from '../helpers/app-harness';
import { startLoopbackServer } from '../helpers/loopback-server';

const ctx = { emit: () => undefined };
const cores: AppCore[] = [];

function open(options: Parameters<typeof createTestCore>[0] = {}) {
  const made = createTestCore(options);
  cores.push(made.core);
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await made.core.dispatch(channel, input, ctx);
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.value as T;
  };
  const failure = async (channel: string, input: unknown) => {
    const r = await made.core.dispatch(channel, input, ctx);
    if (r.ok) throw new Error(`expected ${channel} to fail`);
    return r.error;
  };
  return { ...made, call, failure };
}

afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
});

function config(over: Partial<ConnectionConfigInput> = {}): ConnectionConfigInput {
  return {
    name: 'Acme',
    kind: 'sentinelone',
    baseUrl: 'https://acme.sentinelone.net/web/api/v2.1',
    environment: 'staging',
    auth: { scheme: 'ApiToken' },
    ...over,
  };
}

const V1_FILE = {
  version: 1,
  connections: [
    {
      id: 'c-old',
      config: { ...config({ name: 'From v1' }), readOnly: false, timeoutMs: 30000 },
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    },
  ],
};

describe('stored data the operator must hear about', () => {
  it('reports a corrupt connections file through app:problems and keeps it aside', async () => {
    const app = open();
    writeFileSync(join(app.dataDir, 'connections.json'), '{"version": 2, "connections": [ broken');
    const problems = await app.call<StorageProblem[]>('app:problems', {});
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ source: 'connections' });
    const aside = readdirSync(app.dataDir).find((f) => f.startsWith('connections.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(problems[0]!.message).toContain(aside!);
    expect(readFileSync(join(app.dataDir, aside!), 'utf8')).toContain('broken');
    // Starting empty, the operator can work on; the next save writes a fresh file.
    await app.call('connections:create', { config: config() });
    expect(JSON.parse(readFileSync(join(app.dataDir, 'connections.json'), 'utf8')).version).toBe(2);
  });

  it('migrates a version 1 file and keeps the original beside it', async () => {
    const app = open();
    const path = join(app.dataDir, 'connections.json');
    writeFileSync(path, JSON.stringify(V1_FILE));
    const list = await app.call<ConnectionSummary[]>('connections:list', {});
    expect(list.find((c) => c.id === 'c-old')?.name).toBe('From v1');
    expect(JSON.parse(readFileSync(`${path}.v1-backup`, 'utf8'))).toEqual(V1_FILE);
    await app.call('connections:update', { id: 'c-old', config: config({ name: 'Renamed' }) });
    const saved = JSON.parse(readFileSync(path, 'utf8'));
    expect(saved).toMatchObject({ version: 2, pendingSecretDeletes: [] });
    expect(saved.connections[0].config.name).toBe('Renamed');
    expect(await app.call('app:problems', {})).toEqual([]);
  });

  it('leaves a file from a newer console untouched and refuses to write over it', async () => {
    const app = open();
    const path = join(app.dataDir, 'connections.json');
    const future = JSON.stringify({ version: 99, connections: [], somethingNew: true });
    writeFileSync(path, future);
    const problems = await app.call<StorageProblem[]>('app:problems', {});
    expect(problems[0]!.message).toMatch(/newer version of the console \(format 99/);
    const err = await app.failure('connections:create', { config: config() });
    expect(err.code).toBe('newer_data');
    expect(readFileSync(path, 'utf8')).toBe(future);
    expect(readdirSync(app.dataDir).filter((f) => f.includes('corrupt'))).toEqual([]);
  });
});

describe('duplicating the demo connections', () => {
  it('turns the running demo into an ordinary sandbox connection with the demo token', async () => {
    const app = open();
    await app.call('demo:start', { tenant: 'sentinelone' });
    const copy = await app.call<ConnectionSummary>('connections:duplicate', {
      id: 'demo-sentinelone',
    });
    expect(copy).toMatchObject({
      name: 'Demo — SentinelOne (copy)',
      demo: false,
      environment: 'sandbox',
      secret: { present: true },
    });
    expect(copy.config?.rateLimits?.length).toBeGreaterThan(0);
    const r = await app.core.dispatch(
      'http:send',
      { requestId: 'd1', connectionId: copy.id, method: 'GET', path: 'threats?limit=1' },
      ctx,
    );
    expect(r.ok && (r.value as HttpResponse).status).toBe(200);
  });

  it('says to start a stopped demo tenant first', async () => {
    const app = open();
    const err = await app.failure('connections:duplicate', { id: 'demo-sentinelone' });
    expect(err.code).toBe('demo_not_running');
  });
});

describe('deleting while the keychain is locked', () => {
  it('deletes the connection, remembers its keychain entries and removes them once the keychain answers', async () => {
    const keychain = switchableKeychain();
    const app = open({ keychain });
    const c = await app.call<ConnectionSummary>('connections:create', { config: config() });
    await app.call('secrets:set', {
      connectionId: c.id,
      kind: 'token',
      value: 'locked-keychain-token-0001',
      storage: 'keychain',
    });
    keychain.down = true;
    const result = await app.call('connections:delete', { id: c.id });
    expect(result).toEqual({ deleted: true, secretsDeleted: 0, secretsPending: 1 });
    const file = JSON.parse(readFileSync(join(app.dataDir, 'connections.json'), 'utf8'));
    expect(file.connections).toEqual([]);
    expect(file.pendingSecretDeletes).toEqual([c.id]);
    // Still locked: listing works and the entry stays pending.
    await app.call('connections:list', {});
    expect(await keychainHas(keychain, c.id)).toBe('locked');
    keychain.down = false;
    expect(await keychainHas(keychain, c.id)).toBe(true);
    await app.call('connections:list', {});
    expect(await keychainHas(keychain, c.id)).toBe(false);
    expect(
      JSON.parse(readFileSync(join(app.dataDir, 'connections.json'), 'utf8')).pendingSecretDeletes,
    ).toEqual([]);
  });
});

async function keychainHas(
  keychain: ReturnType<typeof switchableKeychain>,
  connectionId: string,
): Promise<boolean | 'locked'> {
  if (keychain.down) return 'locked';
  return (await keychain.get({ connectionId, kind: 'token' })) !== null;
}

describe('SentinelOne GraphQL on the REST token', () => {
  it('sends the same token as a Bearer to /graphql and as ApiToken elsewhere, and cURL agrees', async () => {
    const server = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"data":{}}');
    });
    try {
      const app = open();
      const base = `${server.origin}/web/api/v2.1`;
      const c = await app.call<ConnectionSummary>('connections:create', {
        config: config({ baseUrl: base }),
      });
      await app.call('secrets:set', {
        connectionId: c.id,
        kind: 'token',
        value: 'graphql-token-abc123',
        storage: 'keychain',
      });
      const send = (path: string, method = 'GET') =>
        app.call<HttpResponse>('http:send', {
          requestId: `g${path.length}${method}`,
          connectionId: c.id,
          method,
          path,
          ...(method === 'POST'
            ? { body: { kind: 'json', text: '{"query":"{ alerts(first: 1) { totalCount } }"}' } }
            : {}),
        });
      await send('unifiedalerts/graphql', 'POST');
      expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer graphql-token-abc123');
      await send('threats?limit=1');
      expect(server.requests.at(-1)!.headers.authorization).toBe('ApiToken graphql-token-abc123');
      const curl = await app.call<{ command: string }>('http:curl', {
        connectionId: c.id,
        method: 'POST',
        path: 'unifiedalerts/graphql',
        body: { kind: 'json', text: '{}' },
      });
      expect(curl.command).toContain('Bearer $S1_API_TOKEN');
      expect(curl.command).not.toContain('graphql-token-abc123');
    } finally {
      await server.close();
    }
  });
});

describe('settings file', () => {
  it('reports a corrupt settings file and still starts', async () => {
    const app = open();
    writeFileSync(join(app.dataDir, 'app-state.json'), 'not json');
    const info = await app.call<{ firstLaunch: boolean }>('app:info', {});
    expect(info.firstLaunch).toBe(true);
    const problems = await app.call<StorageProblem[]>('app:problems', {});
    expect(problems.map((p) => p.source)).toEqual(['settings']);
    expect(existsSync(join(app.dataDir, 'app-state.json'))).toBe(false);
  });
});

describe('choosing TLS files', () => {
  it('the browser host has no file dialog and says to type the path', async () => {
    const app = open();
    expect(await app.call('app:info', {})).toMatchObject({ canPickFiles: false });
    const err = await app.failure('app:pick-file', { purpose: 'ca' });
    expect(err.code).toBe('not_available');
    expect(err.message).toMatch(/type the file path/);
  });

  it('the shell’s dialog gets a title and file types for each purpose', async () => {
    const asked: { title: string; filters: { extensions: string[] }[] }[] = [];
    const app = open({
      pickFile: async (request) => {
        asked.push(request);
        return asked.length === 1 ? '/certs/client.p12' : null;
      },
    });
    expect(await app.call('app:info', {})).toMatchObject({ canPickFiles: true });
    expect(await app.call('app:pick-file', { purpose: 'pfx' })).toEqual({
      path: '/certs/client.p12',
    });
    expect(await app.call('app:pick-file', { purpose: 'ca' })).toEqual({ path: null });
    expect(asked[0]!.title).toMatch(/PFX/);
    expect(asked[0]!.filters[0]!.extensions).toEqual(['pfx', 'p12']);
    expect(asked[1]!.filters[0]!.extensions).toContain('pem');
  });
});
