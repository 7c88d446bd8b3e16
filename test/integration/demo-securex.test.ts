import { request as httpRequest } from 'node:http';
import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_SSX_ADMINS,
  permissionsFor,
  startSecureXDemo,
  type SecureXDemo,
} from '../../main/demo/securex';

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
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

const START_MS = Date.parse('2026-11-01T12:00:00.000Z');
let nowMs = START_MS;
let demo: SecureXDemo;

async function call(path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  const body = options.body !== undefined ? JSON.stringify(options.body) : options.rawBody;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${demo.baseUrl}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : null };
}

function password(username: string): string {
  const admin = DEMO_SSX_ADMINS.find((a) => a.username === username);
  if (!admin) throw new Error(`no demo admin ${username}`);
  return admin.password;
}

async function login(username: string): Promise<{ token: string; sessionId: string }> {
  const reply = await call('/api/admin/login', {
    body: { username, password: password(username) },
  });
  expect(reply.status).toBe(200);
  return { token: reply.json.token, sessionId: reply.json.session.id };
}

/** Checks the one error shape of the tenant and returns its details. */
function expectError(reply: Reply, status: number, code: string): Json {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toBe('application/json');
  expect(Object.keys(reply.json)).toEqual(['error']);
  expect(reply.json.error.code).toBe(code);
  expect(typeof reply.json.error.message).toBe('string');
  expect(reply.json.error.message.length).toBeGreaterThan(0);
  return reply.json.error.details;
}

beforeAll(async () => {
  demo = await startSecureXDemo({ port: 0, now: () => nowMs });
});

afterAll(async () => {
  await demo.close();
});

beforeEach(() => {
  nowMs = START_MS;
  demo.reset();
  demo.clearLog();
});

describe('Sentinel Secure X demo: sign-in', () => {
  it('listens on 127.0.0.1 and serves the route map under /api', () => {
    expect(demo.baseUrl).toBe(`http://127.0.0.1:${demo.port}`);
    expect(demo.origin).toBe(demo.baseUrl);
    expect(demo.port).toBeGreaterThan(0);
  });

  it.each(['admin', 'operator', 'auditor'])(
    'signs %s in; /me shows role and permissions',
    async (username) => {
      const role = DEMO_SSX_ADMINS.find((a) => a.username === username)?.role;
      if (!role) throw new Error('unknown role');
      const reply = await call('/api/admin/login', {
        body: { username, password: password(username) },
        headers: { 'User-Agent': 'securex-test/1.0' },
      });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toBe('application/json');
      expect(reply.headers.get('cache-control')).toBe('no-store');
      const { token, session, admin } = reply.json;
      expect(session).toEqual({
        id: expect.stringMatching(/^ses_/),
        createdAt: new Date(START_MS).toISOString(),
        expiresAt: new Date(START_MS + 3600_000).toISOString(),
        userAgent: 'securex-test/1.0',
        ip: '127.0.0.1',
      });

      const claims = decodeJwt(token);
      expect(claims).toMatchObject({ sub: admin.id, sid: session.id, role });
      expect(claims.iat).toBe(START_MS / 1000);
      expect(claims.exp).toBe(START_MS / 1000 + 3600);

      const me = await call('/api/admin/me', { token });
      expect(me.status).toBe(200);
      expect(me.headers.get('cache-control')).toBe('no-store');
      expect(me.json).toEqual({ admin });
      expect(admin).toMatchObject({ username, role, roles: [role] });
      expect(admin.id).toMatch(/^adm_\d{4}$/);
      expect(typeof admin.displayName).toBe('string');
      expect(admin.permissions).toEqual(permissionsFor(role));
    },
  );

  it('gives each role a sensible set of permissions', async () => {
    const perms = async (username: string): Promise<string[]> =>
      (await call('/api/admin/me', { token: (await login(username)).token })).json.admin
        .permissions;
    const [admin, operator, auditor] = await Promise.all([
      perms('admin'),
      perms('operator'),
      perms('auditor'),
    ]);
    expect(admin).toEqual(expect.arrayContaining(['sessions:revoke', 'commands:review']));
    expect(operator).toEqual(expect.arrayContaining(['commands:queue', 'sessions:revoke']));
    expect(operator).not.toContain('commands:review');
    expect(auditor).toContain('audit:read');
    expect(auditor).not.toContain('sessions:revoke');
    expect(auditor.every((p) => p.endsWith(':read'))).toBe(true);
  });

  it('refuses a wrong password or an unknown user with 401 invalid_credentials', async () => {
    const wrong = await call('/api/admin/login', {
      body: { username: 'admin', password: 'not-the-password' },
    });
    expectError(wrong, 401, 'invalid_credentials');
    expect(wrong.headers.get('cache-control')).toBe('no-store');
    const unknown = await call('/api/admin/login', {
      body: { username: 'nobody', password: 'demo-admin-password' },
    });
    expectError(unknown, 401, 'invalid_credentials');
    expect(unknown.json.error.message).toBe(wrong.json.error.message);
  });

  it('answers 423 account_locked for the locked account (but not to a wrong password)', async () => {
    const locked = await call('/api/admin/login', {
      body: { username: 'locked', password: 'demo-locked-password' },
    });
    expectError(locked, 423, 'account_locked');
    const guess = await call('/api/admin/login', { body: { username: 'locked', password: 'x' } });
    expectError(guess, 401, 'invalid_credentials');
  });

  it('answers 400 invalid_request with details for bad bodies', async () => {
    const malformed = await call('/api/admin/login', { rawBody: '{"username": "admin",' });
    const parseDetails = expectError(malformed, 400, 'invalid_request');
    expect(parseDetails).toEqual([{ field: 'body', problem: expect.any(String) }]);

    const missing = await call('/api/admin/login', { body: { username: 'admin' } });
    expect(expectError(missing, 400, 'invalid_request')).toEqual([
      { field: 'password', problem: expect.any(String) },
    ]);

    const wrongTypes = await call('/api/admin/login', { body: { username: 7, password: [] } });
    const fields = expectError(wrongTypes, 400, 'invalid_request').map(
      (d: { field: string }) => d.field,
    );
    expect(fields).toEqual(['username', 'password']);

    const notAnObject = await call('/api/admin/login', { body: ['admin'] });
    expect(expectError(notAnObject, 400, 'invalid_request')[0].field).toBe('body');

    const empty = await call('/api/admin/login', { method: 'POST' });
    expect(expectError(empty, 400, 'invalid_request')).toEqual([
      { field: 'body', problem: expect.any(String) },
    ]);
  });

  it('caps request bodies at 1 MB with 413 payload_too_large', async () => {
    const huge = JSON.stringify({ username: 'admin', password: 'x'.repeat(1024 * 1024) });
    expectError(await call('/api/admin/login', { rawBody: huge }), 413, 'payload_too_large');
  });
});

describe('Sentinel Secure X demo: bearer sessions', () => {
  it('needs a bearer token on every route but login', async () => {
    for (const path of ['/api/admin/me', '/api/admin/sessions']) {
      const reply = await call(path);
      expectError(reply, 401, 'unauthenticated');
      expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    }
    expectError(await call('/api/admin/logout', { method: 'POST' }), 401, 'unauthenticated');
  });

  it('rejects garbage, wrong-scheme and foreign-key tokens with 401 unauthenticated', async () => {
    const garbage = await call('/api/admin/me', { token: 'not.a.jwt' });
    expectError(garbage, 401, 'unauthenticated');
    expect(garbage.headers.get('www-authenticate')).toContain('error="invalid_token"');

    const { token } = await login('admin');
    const basic = await call('/api/admin/me', { headers: { Authorization: `Basic ${token}` } });
    expectError(basic, 401, 'unauthenticated');

    const claims = decodeJwt(token);
    const forged = await new SignJWT({ sid: claims.sid, role: 'administrator' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(claims.sub))
      .setIssuedAt(Number(claims.iat))
      .setExpirationTime(Number(claims.exp))
      .sign(new Uint8Array(32));
    expectError(await call('/api/admin/me', { token: forged }), 401, 'unauthenticated');
  });

  it('expires sessions on the injected clock: 401 session_expired', async () => {
    demo.setSessionTtl(1);
    const { token } = await login('operator');
    expect((await call('/api/admin/me', { token })).status).toBe(200);
    nowMs += 1_000;
    expectError(await call('/api/admin/me', { token }), 401, 'session_expired');
  });

  it('sets the TTL through POST /__demo/session-ttl too', async () => {
    const set = await fetch(`${demo.origin}/__demo/session-ttl`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ seconds: 5 }),
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ sessionTtlSeconds: 5 });
    const { token } = await login('admin');
    expect(decodeJwt(token).exp).toBe(START_MS / 1000 + 5);
    nowMs += 4_999;
    expect((await call('/api/admin/me', { token })).status).toBe(200);
    nowMs += 1;
    expectError(await call('/api/admin/me', { token }), 401, 'session_expired');

    const bad = await fetch(`${demo.origin}/__demo/session-ttl`, {
      method: 'POST',
      body: JSON.stringify({ seconds: 0 }),
    });
    expect(bad.status).toBe(400);
    expect(() => demo.setSessionTtl(1.5)).toThrow(RangeError);
  });

  it("lists the admin's active sessions and marks the calling one current", async () => {
    const mine = await login('admin');
    nowMs += 60_000;
    const other = await demo.createSessionFor('admin');
    await login('operator');

    nowMs += 60_000;
    const reply = await call('/api/admin/sessions', { token: mine.token });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    const sessions = reply.json.sessions;
    expect(sessions.map((s: Json) => [s.id, s.current])).toEqual([
      [other.sessionId, false],
      [mine.sessionId, true],
    ]);
    const [device, current] = sessions;
    expect(Object.keys(current).sort()).toEqual(
      ['createdAt', 'current', 'expiresAt', 'id', 'ip', 'lastSeenAt', 'userAgent'].sort(),
    );
    expect(current.lastSeenAt).toBe(new Date(nowMs).toISOString());
    expect(device.userAgent).toContain('another device');
    expect(device.ip).toBe('192.0.2.44');
  });

  it('revokes another session: its token gets 401 session_revoked, the current one works', async () => {
    const mine = await login('admin');
    const other = await demo.createSessionFor('admin');
    expect((await call('/api/admin/me', { token: other.token })).status).toBe(200);

    const revoke = await call(`/api/admin/sessions/${other.sessionId}/revoke`, {
      method: 'POST',
      token: mine.token,
    });
    expect(revoke.status).toBe(200);
    expect(revoke.json).toMatchObject({
      revoked: true,
      session: { id: other.sessionId, current: false, revokedAt: expect.any(String) },
    });
    expectError(await call('/api/admin/me', { token: other.token }), 401, 'session_revoked');
    expect((await call('/api/admin/me', { token: mine.token })).status).toBe(200);

    const listed = (await call('/api/admin/sessions', { token: mine.token })).json.sessions;
    expect(listed.map((s: Json) => s.id)).toEqual([mine.sessionId]);

    const again = await call(`/api/admin/sessions/${other.sessionId}/revoke`, {
      method: 'POST',
      token: mine.token,
    });
    expect(expectError(again, 409, 'already_revoked')).toEqual({ revokedAt: expect.any(String) });
  });

  it("answers 404 for an unknown id or another admin's session", async () => {
    const mine = await login('admin');
    const operators = await demo.createSessionFor('operator');
    for (const id of ['ses_doesnotexist', operators.sessionId]) {
      const reply = await call(`/api/admin/sessions/${id}/revoke`, {
        method: 'POST',
        token: mine.token,
      });
      expectError(reply, 404, 'not_found');
    }
    expect((await call('/api/admin/me', { token: operators.token })).status).toBe(200);
  });

  it('lets an operator revoke its own other session', async () => {
    const mine = await login('operator');
    const other = await demo.createSessionFor('operator');
    const reply = await call(`/api/admin/sessions/${other.sessionId}/revoke`, {
      method: 'POST',
      token: mine.token,
    });
    expect(reply.status).toBe(200);
  });

  it('refuses the auditor with 403 forbidden naming sessions:revoke', async () => {
    const mine = await login('auditor');
    const other = await demo.createSessionFor('auditor');
    const reply = await call(`/api/admin/sessions/${other.sessionId}/revoke`, {
      method: 'POST',
      token: mine.token,
    });
    expect(expectError(reply, 403, 'forbidden')).toEqual({ permission: 'sessions:revoke' });
    expect((await call('/api/admin/me', { token: other.token })).status).toBe(200);

    // Ending the calling session is a logout, which every role may do.
    const self = await call(`/api/admin/sessions/${mine.sessionId}/revoke`, {
      method: 'POST',
      token: mine.token,
    });
    expect(self.status).toBe(200);
    expect(self.json.session.current).toBe(true);
    expectError(await call('/api/admin/me', { token: mine.token }), 401, 'session_revoked');
  });

  it('logs out: the same token then gets 401 session_revoked', async () => {
    const { token } = await login('auditor');
    const reply = await call('/api/admin/logout', { method: 'POST', token });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ revoked: true });
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expectError(await call('/api/admin/me', { token }), 401, 'session_revoked');
    expectError(await call('/api/admin/logout', { method: 'POST', token }), 401, 'session_revoked');
  });

  it('reset() and POST /__demo/reset drop every session', async () => {
    const first = await login('admin');
    demo.reset();
    expectError(await call('/api/admin/me', { token: first.token }), 401, 'unauthenticated');

    const second = await login('admin');
    const res = await fetch(`${demo.origin}/__demo/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reset: true });
    expectError(await call('/api/admin/me', { token: second.token }), 401, 'unauthenticated');
  });
});

describe('Sentinel Secure X demo: routing, log and guards', () => {
  it('answers 404 not_found and 405 method_not_allowed with Allow', async () => {
    const { token } = await login('admin');
    // Signed in, on a path the route map does not have (its routes answer from the catalog).
    expectError(await call('/api/devices/dev-1/nothing', { token }), 404, 'not_found');
    expectError(await call('/api/nothing-here'), 404, 'not_found');
    expectError(await call('/elsewhere'), 404, 'not_found');

    const getLogin = await call('/api/admin/login');
    expect(expectError(getLogin, 405, 'method_not_allowed')).toEqual({ allow: ['POST'] });
    expect(getLogin.headers.get('allow')).toBe('POST');
    const deleteSessions = await call('/api/admin/sessions', { method: 'DELETE', token });
    expectError(deleteSessions, 405, 'method_not_allowed');
    expect(deleteSessions.headers.get('allow')).toBe('GET');
  });

  it('logs every /api request without passwords or tokens', async () => {
    const { token, sessionId } = await login('admin');
    await call('/api/admin/me', { token });
    await call('/api/admin/login', { body: { username: 'operator', password: 'a-wrong-secret' } });
    await call('/api/admin/me', { token: 'garbage-token-value' });
    await fetch(`${demo.origin}/__demo/log`);

    const entries = demo.requestLog();
    expect(entries.map((e) => [e.method, e.path, e.status, e.adminUsername ?? null])).toEqual([
      ['POST', '/api/admin/login', 200, 'admin'],
      ['GET', '/api/admin/me', 200, 'admin'],
      ['POST', '/api/admin/login', 401, null],
      ['GET', '/api/admin/me', 401, null],
    ]);
    expect(entries[0]).toMatchObject({ sessionId, hasBody: true });
    expect(entries[1]).toMatchObject({
      sessionId,
      hasBody: false,
      at: new Date(nowMs).toISOString(),
    });

    const served = await (await fetch(`${demo.origin}/__demo/log`)).text();
    expect(JSON.parse(served)).toEqual({ entries });
    for (const text of [JSON.stringify(entries), served]) {
      for (const secret of [
        token,
        token.split('.')[2] as string,
        'garbage-token-value',
        'demo-admin-password',
        'a-wrong-secret',
      ]) {
        expect(text).not.toContain(secret);
      }
    }

    const cleared = await fetch(`${demo.origin}/__demo/log/clear`, { method: 'POST' });
    expect(await cleared.json()).toEqual({ cleared: 4 });
    expect(demo.requestLog()).toEqual([]);
  });

  it('refuses control routes to a cross-site browser origin', async () => {
    const res = await fetch(`${demo.origin}/__demo/reset`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as Json).error.code).toBe('loopback_only');
  });

  it('refuses requests addressed to a non-loopback Host name', async () => {
    const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${demo.baseUrl}/api/admin/login`,
        { method: 'POST', headers: { Host: 'attacker.example' } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body).error.code).toBe('host_not_allowed');
  });

  it('refuses createSessionFor an unknown or locked admin', async () => {
    await expect(demo.createSessionFor('nobody')).rejects.toThrow(/No demo admin/);
    await expect(demo.createSessionFor('locked')).rejects.toThrow(/locked/);
  });
});

describe('Sentinel Secure X demo: fault switches', () => {
  afterAll(() => demo.clearFaults());

  it('are set through POST /__demo/faults, answer in the Secure X envelope, and count down', async () => {
    const { token } = await login('admin');
    const routes = (await (await fetch(`${demo.origin}/__demo/faults`)).json()) as Json;
    expect(routes.rules).toEqual([]);
    expect(routes.routes).toEqual(demo.faultRoutes());

    const set = await fetch(`${demo.origin}/__demo/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        rules: [
          // Route-map spelling of the parameter; the demo's own route calls it :sessionId.
          { route: 'POST /api/admin/sessions/<session_id>/revoke', status: 503, times: 1 },
          { route: 'GET /api/admin/sessions', rateLimit429: { retryAfterSeconds: 7 }, times: 1 },
        ],
      }),
    });
    expect(set.status).toBe(200);
    expect(((await set.json()) as Json).rules.map((r: Json) => r.remaining)).toEqual([1, 1]);

    expectError(
      await call('/api/admin/sessions/some-session/revoke', { method: 'POST', token }),
      503,
      'unavailable',
    );
    const limited = await call('/api/admin/sessions', { token });
    expectError(limited, 429, 'rate_limited');
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.headers.get('x-content-type-options')).toBe('nosniff');
    // Both rules spent: the tenant answers normally again.
    expect((await call('/api/admin/sessions', { token })).status).toBe(200);
    expect(demo.faults()).toEqual([]);
  });

  it('refuse a route the route map does not have, naming the rule, and keep the old rules', async () => {
    demo.setFaults([{ route: '*', latencyMs: 1 }]);
    const bad = await call('/__demo/faults', {
      body: { rules: [{ route: 'GET /api/admin/nowhere', status: 500 }] },
    });
    expectError(bad, 400, 'invalid_request');
    expect(bad.json.error.message).toMatch(/^rules\.0\.route: .*not a route of the demo tenant/);
    expect(demo.faults()).toEqual([{ route: '*', latencyMs: 1, remaining: null }]);
    const cleared = await call('/__demo/faults/clear', { method: 'POST' });
    expect(cleared.json).toEqual({ cleared: 1 });
  });
});
