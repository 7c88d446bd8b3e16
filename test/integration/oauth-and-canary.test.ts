import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionSummary, Diagnosis } from '../../preload/contract';
import type { AppCore } from '../../main/core/app-core';
import { DEMO_S1_TOKENS } from '../../main/demo/sentinelone';
import { DEMO_SSX_ADMINS } from '../../main/demo/securex';
import { createKeytarStore } from '../../main/core/secrets/keytar-store';
import type { SecretStore } from '../../main/core/secrets/secret-store';
import { createTestCore, fakeKeychain, realKeychainAvailable } from '../helpers/app-harness';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** A generic OAuth 2.0 client-credentials connection with its client secret for this session. */
async function createOAuthConnection(
  core: AppCore,
  o: { name: string; api: string; tokenEndpoint: string; clientSecret: string },
): Promise<string> {
  const ctx = { emit: () => undefined };
  const created = await core.dispatch(
    'connections:create',
    {
      config: {
        name: o.name,
        kind: 'generic',
        baseUrl: o.api,
        environment: 'sandbox',
        auth: { scheme: 'OAuth2ClientCredentials', tokenUrl: o.tokenEndpoint, clientId: 'cid' },
      },
    },
    ctx,
  );
  const id = (created as { value: ConnectionSummary }).value.id;
  await core.dispatch(
    'secrets:set',
    { connectionId: id, kind: 'client-secret', value: o.clientSecret, storage: 'session' },
    ctx,
  );
  return id;
}

describe('OAuth 2.0 client credentials', () => {
  let tokenServer: LoopbackServer;
  let api: LoopbackServer;
  let core: AppCore;
  let issued = 0;
  const ctx = { emit: () => undefined };

  beforeAll(async () => {
    tokenServer = await startLoopbackServer((_r, res, body) => {
      const form = new URLSearchParams(body);
      if (form.get('client_secret') !== 'oauth-client-secret-xyz') {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        return res.end('{"error":"invalid_client","error_description":"bad client"}');
      }
      issued++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          access_token: `access-${issued}-abcdef`,
          expires_in: 3600,
          token_type: 'Bearer',
        }),
      );
    });
    api = await startLoopbackServer((r, res) => {
      res.writeHead(r.headers.authorization?.startsWith('Bearer access-') ? 200 : 401, {
        'Content-Type': 'application/json',
      });
      res.end(JSON.stringify({ echoedAuth: r.headers.authorization ?? null }));
    });
    core = createTestCore().core;
  });

  afterAll(async () => {
    await tokenServer.close();
    await api.close();
    await core.dispose();
  });

  it('fetches a token once, caches it in main, and never shows it', async () => {
    const id = await createOAuthConnection(core, {
      name: 'OAuth API',
      api: api.origin,
      tokenEndpoint: `${tokenServer.origin}/token`,
      clientSecret: 'oauth-client-secret-xyz',
    });
    for (const requestId of ['o1', 'o2']) {
      const r = await core.dispatch(
        'http:send',
        { requestId, connectionId: id, method: 'GET', path: 'x' },
        ctx,
      );
      expect(r.ok).toBe(true);
      const text = JSON.stringify(r);
      expect(text).not.toContain('access-1-abcdef');
      expect(text).toContain('$OAUTH_ACCESS_TOKEN');
    }
    expect(issued).toBe(1);
    expect(tokenServer.requests[0]!.body).toContain('grant_type=client_credentials');
  });
});

describe('OAuth 2.0 token lifetime', () => {
  let tokenServer: LoopbackServer;
  let api: LoopbackServer;
  let issued = 0;
  /** Tokens the API no longer accepts, as after a revocation on the identity provider. */
  const revoked = new Set<string>();
  const ctx = { emit: () => undefined };

  beforeAll(async () => {
    tokenServer = await startLoopbackServer((_r, res) => {
      issued++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ access_token: `life-${issued}-token`, expires_in: 600 }));
    });
    api = await startLoopbackServer((r, res) => {
      const token = r.headers.authorization?.replace(/^Bearer /, '') ?? '';
      const ok = token.startsWith('life-') && !revoked.has(token);
      res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ok }));
    });
  });
  afterAll(async () => {
    await tokenServer.close();
    await api.close();
  });

  async function oauthConnection(now: () => number) {
    const { core } = createTestCore({ now });
    const id = await createOAuthConnection(core, {
      name: 'OAuth lifetime',
      api: api.origin,
      tokenEndpoint: `${tokenServer.origin}/token`,
      clientSecret: 'life-secret',
    });
    let n = 0;
    const send = (method = 'GET') =>
      core.dispatch(
        'http:send',
        { requestId: `l${++n}`, connectionId: id, method, path: 'thing' },
        ctx,
      ) as Promise<{ ok: boolean; value: { status: number } }>;
    return { core, send };
  }

  it('fetches a new token once the cached one is about to expire', async () => {
    let clock = Date.now();
    const { core, send } = await oauthConnection(() => clock);
    const before = issued;
    expect((await send()).value.status).toBe(200);
    clock += 60_000;
    expect((await send()).value.status).toBe(200);
    expect(issued - before).toBe(1);
    clock += 10 * 60_000;
    expect((await send()).value.status).toBe(200);
    expect(issued - before).toBe(2);
    const lastAuth = api.requests.at(-1)!.headers.authorization;
    expect(lastAuth).toBe(`Bearer life-${issued}-token`);
    await core.dispose();
  });

  it('a 401 drops the cached token and retries once with a fresh one — also for a POST', async () => {
    const { core, send } = await oauthConnection(Date.now);
    expect((await send()).value.status).toBe(200);
    revoked.add(`life-${issued}-token`);
    const apiCalls = api.requests.length;
    const answer = await send('POST');
    expect(answer.value.status).toBe(200);
    expect(api.requests.length - apiCalls).toBe(2);
    // A server that refuses every token gets exactly one retry, then the 401 is shown.
    for (let i = 1; i <= issued + 3; i++) revoked.add(`life-${i}-token`);
    const stubborn = api.requests.length;
    expect((await send()).value.status).toBe(401);
    expect(api.requests.length - stubborn).toBe(2);
    await core.dispose();
  });
});

describe('canary: a recognisable token never leaves main', () => {
  const CANARY = 'CANARY-7f3a9e21-token-do-not-leak';
  const SSX = DEMO_SSX_ADMINS.find((a) => a.role === 'administrator')!;
  const messages: string[] = [];
  const logs: string[] = [];
  let core: AppCore;
  let dataDir: string;
  // The real OS keychain where one runs (always in CI), so the test covers keytar's path too;
  // the test reads it back directly to learn the session JWT main was given.
  // A service of its own: other test files use the same keyring at the same time, and
  // libsecret aborts the process when an item it is reading is deleted under it.
  const keychain: SecretStore = realKeychainAvailable
    ? createKeytarStore(undefined, { service: `Sentinel Operator Console canary ${process.pid}` })
    : fakeKeychain();

  beforeAll(async () => {
    ({ core, dataDir } = createTestCore({ log: (line) => logs.push(line), keychain }));
  });
  afterAll(async () => {
    await core.dispose();
  });

  async function call(channel: string, input: unknown) {
    const ctx = {
      emit: (event: string, payload: unknown) =>
        void messages.push(JSON.stringify({ event, payload })),
    };
    const r = await core.dispatch(channel, input, ctx);
    messages.push(JSON.stringify(r));
    return r;
  }

  it('runs a full session and finds the token nowhere', async () => {
    const unsubscribe = core.events.subscribe((event, payload) =>
      messages.push(JSON.stringify({ event, payload })),
    );
    const s1 = (await call('demo:start', { tenant: 'sentinelone' })) as {
      value: { baseUrl: string };
    };
    await call('demo:start', { tenant: 'sentinel-secure-x' });
    const created = (await call('connections:create', {
      config: {
        name: 'Canary',
        kind: 'sentinelone',
        baseUrl: s1.value.baseUrl,
        environment: 'staging',
        auth: { scheme: 'ApiToken' },
      },
    })) as { value: ConnectionSummary };
    const id = created.value.id;
    await call('secrets:set', {
      connectionId: id,
      kind: 'token',
      value: CANARY,
      storage: 'keychain',
    });
    await call('connections:list', {});
    // The server rejects the canary (it is not a demo token): the 401 body, headers and errors must not echo it.
    await call('http:send', {
      requestId: 'k1',
      connectionId: id,
      method: 'GET',
      path: 'threats?limit=2',
    });
    await call('http:send', {
      requestId: 'k2',
      connectionId: id,
      method: 'GET',
      path: `threats?limit=1&q=${CANARY}`,
    });
    await call('http:curl', {
      connectionId: id,
      method: 'POST',
      path: 'threats/mitigate/kill',
      body: { kind: 'json', text: '{"filter":{"ids":["1"]}}' },
    });
    const test = (await call('connections:test', { id })) as { value: Diagnosis };
    expect(test.value.code).toBe('unauthorized');
    await call('connections:export', {});
    await call('connections:duplicate', { id });
    // A change: the audit log records it (its file is scanned below).
    await call('http:send', {
      requestId: 'k2b',
      connectionId: id,
      method: 'POST',
      path: `threats/mitigate/quarantine?why=${CANARY}`,
      body: { kind: 'json', text: '{"filter":{"ids":["1"]}}' },
    });
    await call('ssx:login', {
      connectionId: 'demo-securex',
      username: SSX.username,
      password: SSX.password,
      remember: true,
    });
    const remembered = await keychain.get({ connectionId: 'demo-securex', kind: 'session' });
    const jwt = (JSON.parse(remembered!) as { token: string }).token;
    expect(jwt.split('.')).toHaveLength(3);
    await call('ssx:sessions', { connectionId: 'demo-securex' });
    await call('http:send', {
      requestId: 'k3',
      connectionId: 'demo-securex',
      method: 'GET',
      path: 'api/admin/me',
    });
    // Switch to the real token: a successful send with the canary gone from the picture.
    await call('secrets:set', {
      connectionId: id,
      kind: 'token',
      value: DEMO_S1_TOKENS.admin,
      storage: 'session',
    });
    await call('http:send', {
      requestId: 'k4',
      connectionId: id,
      method: 'GET',
      path: 'threats?limit=1',
    });
    unsubscribe();

    const everything = [...messages, ...logs].join('\n');
    expect(messages.length).toBeGreaterThan(10);
    expect(everything).not.toContain(CANARY);
    expect(everything).not.toContain(SSX.password);
    expect(everything.includes(jwt)).toBe(false);
    const files = filesUnder(dataDir);
    expect(files.some((f) => f.endsWith('audit.jsonl'))).toBe(true);
    for (const file of files) {
      const content = readFileSync(file, 'utf8');
      expect(content.includes(CANARY), file).toBe(false);
      expect(content.includes(SSX.password), file).toBe(false);
      expect(content.includes(jwt), file).toBe(false);
    }
    await call('ssx:logout', { connectionId: 'demo-securex' });
    // The query string that carried the canary came back redacted, not verbatim.
    expect(everything).toContain('q=$');
  });
});
