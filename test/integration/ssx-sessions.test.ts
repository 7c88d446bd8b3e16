import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionSummary, HttpResponse, SsxAdmin, SsxSession } from '../../preload/contract';
import type { AppCore } from '../../main/core/app-core';
import { DEMO_SSX_ADMINS, startSecureXDemo } from '../../main/demo/securex';
import { DEMO_SSX_CONNECTION_ID } from '../../main/demo/demo-manager';
import { createTestCore, fakeKeychain } from '../helpers/app-harness';

const ctx = { emit: () => undefined };
const id = DEMO_SSX_CONNECTION_ID;
const admin = DEMO_SSX_ADMINS.find((a) => a.role === 'administrator')!;
const auditor = DEMO_SSX_ADMINS.find((a) => a.role === 'auditor')!;
const operator = DEMO_SSX_ADMINS.find((a) => a.role === 'operator' && !a.locked)!;
const locked = DEMO_SSX_ADMINS.find((a) => a.locked)!;
let core: AppCore;

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await core.dispatch(channel, input, ctx);
  if (!r.ok)
    throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), { code: r.error.code });
  return r.value as T;
}

async function errorOf(channel: string, input: unknown) {
  const r = await core.dispatch(channel, input, ctx);
  if (r.ok) throw new Error(`expected ${channel} to fail`);
  return r.error;
}

beforeAll(async () => {
  core = createTestCore().core;
  await call('demo:start', { tenant: 'sentinel-secure-x' });
});

afterAll(async () => {
  await core.dispose();
});

describe('Sentinel Secure X admin sessions through main', () => {
  it('refuses bad credentials and locked accounts with the server reason', async () => {
    const bad = await errorOf('ssx:login', {
      connectionId: id,
      username: admin.username,
      password: 'nope',
    });
    expect(bad.code).toBe('auth_failed');
    expect(bad.message).toMatch(/401/);
    const lockedErr = await errorOf('ssx:login', {
      connectionId: id,
      username: locked.username,
      password: locked.password,
    });
    expect(lockedErr).toMatchObject({ code: 'auth_failed' });
    expect(lockedErr.message).toMatch(/423/);
  });

  it('signs in, shows roles and permissions, lists sessions with the current one marked', async () => {
    const login = await call<{ admin: SsxAdmin; expiresAt: string }>('ssx:login', {
      connectionId: id,
      username: admin.username,
      password: admin.password,
    });
    expect(login.admin.role).toBe('administrator');
    expect(login.admin.permissions).toContain('sessions:revoke');
    const summary = (await call<ConnectionSummary[]>('connections:list', {})).find(
      (c) => c.id === id,
    )!;
    expect(summary.session?.admin.username).toBe(admin.username);
    const me = await call<SsxAdmin>('ssx:me', { connectionId: id });
    expect(me.username).toBe(admin.username);
    const sessions = await call<SsxSession[]>('ssx:sessions', { connectionId: id });
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
  });

  it('revokes another session: that session gets 401 at once, ours keeps working', async () => {
    const other = await core.demo.secureX!.createSessionFor(admin.username);
    const listed = await call<SsxSession[]>('ssx:sessions', { connectionId: id });
    expect(listed.map((s) => s.id)).toContain(other.sessionId);
    expect(await call('ssx:revoke', { connectionId: id, sessionId: other.sessionId })).toEqual({
      revoked: true,
    });
    const res = await fetch(`${core.demo.secureX!.baseUrl}/api/admin/me`, {
      headers: { Authorization: `Bearer ${other.token}` },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('session_revoked');
    expect((await call<SsxAdmin>('ssx:me', { connectionId: id })).username).toBe(admin.username);
  });

  it('sends explorer requests with the session and asks for sign-in once it is revoked', async () => {
    const ok = await call<HttpResponse>('http:send', {
      requestId: 'ssx-1',
      connectionId: id,
      method: 'GET',
      path: 'api/admin/me',
    });
    expect(ok.status).toBe(200);
    expect(ok.credentialsAttached).toBe(true);
    // Revoke our own session behind main's back, as another console would.
    const mine = (await call<SsxSession[]>('ssx:sessions', { connectionId: id })).find(
      (s) => s.current,
    )!;
    await core.demo.secureX!.reset();
    const after = await errorOf('http:send', {
      requestId: 'ssx-2',
      connectionId: id,
      method: 'GET',
      path: 'api/admin/me',
    });
    expect(after.code).toBe('auth_required');
    expect(mine.id).toBeTruthy();
    // Main forgot the dead session: the next call asks for sign-in without a round trip.
    expect((await errorOf('ssx:me', { connectionId: id })).code).toBe('auth_required');
  });

  it('an auditor sees its permissions and is refused revoking others', async () => {
    await call('ssx:login', {
      connectionId: id,
      username: auditor.username,
      password: auditor.password,
    });
    const me = await call<SsxAdmin>('ssx:me', { connectionId: id });
    expect(me.permissions).not.toContain('sessions:revoke');
    const other = await core.demo.secureX!.createSessionFor(auditor.username);
    const refused = await errorOf('ssx:revoke', { connectionId: id, sessionId: other.sessionId });
    expect(refused.code).toBe('auth_failed');
    expect(refused.message).toMatch(/403/);
  });

  it('logs out: the session is gone on the server and in main', async () => {
    await call('ssx:login', {
      connectionId: id,
      username: admin.username,
      password: admin.password,
    });
    expect(await call('ssx:logout', { connectionId: id })).toEqual({ signedOut: true });
    expect((await errorOf('ssx:sessions', { connectionId: id })).code).toBe('auth_required');
    const summary = (await call<ConnectionSummary[]>('connections:list', {})).find(
      (c) => c.id === id,
    )!;
    expect(summary.session).toBeUndefined();
  });

  it('treats an expired session as signed out', async () => {
    let clock = Date.now();
    const timed = createTestCore({ now: () => clock });
    const c = timed.core;
    await c.dispatch('demo:start', { tenant: 'sentinel-secure-x' }, ctx);
    const r = await c.dispatch(
      'ssx:login',
      { connectionId: id, username: admin.username, password: admin.password },
      ctx,
    );
    expect(r.ok).toBe(true);
    clock += 2 * 3600 * 1000;
    expect(await c.dispatch('ssx:me', { connectionId: id }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'auth_required' },
    });
    await c.dispose();
  });
});

describe('Sentinel Secure X on the operator’s own connections', () => {
  const cores: AppCore[] = [];
  afterAll(async () => {
    await Promise.all(cores.map((c) => c.dispose()));
  });

  async function ownConnection(over: Record<string, unknown> = {}, keychain = fakeKeychain()) {
    const made = createTestCore({ keychain });
    cores.push(made.core);
    const c = made.core;
    const run = async <T>(channel: string, input: unknown): Promise<T> => {
      const r = await c.dispatch(channel, input, ctx);
      if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), r.error);
      return r.value as T;
    };
    const fail = async (channel: string, input: unknown) => {
      const r = await c.dispatch(channel, input, ctx);
      if (r.ok) throw new Error(`expected ${channel} to fail`);
      return r.error;
    };
    const created = await run<ConnectionSummary>('connections:create', {
      config: {
        name: 'Secure X',
        kind: 'sentinel-secure-x',
        baseUrl: core.demo.secureX!.baseUrl,
        environment: 'staging',
        auth: { scheme: 'SsxSession' },
        ...over,
      },
    });
    return { core: c, dataDir: made.dataDir, keychain, id: created.id, run, fail };
  }

  it('a session revoked from another device: the send asks for sign-in, then the same request works', async () => {
    const own = await ownConnection();
    await own.run('ssx:login', { connectionId: own.id, ...credentialsOf(admin) });
    const mine = (await own.run<SsxSession[]>('ssx:sessions', { connectionId: own.id })).find(
      (s) => s.current,
    )!;
    const elsewhere = await core.demo.secureX!.createSessionFor(admin.username);
    const revoke = await fetch(
      `${core.demo.secureX!.baseUrl}/api/admin/sessions/${mine.id}/revoke`,
      { method: 'POST', headers: { Authorization: `Bearer ${elsewhere.token}` } },
    );
    expect(revoke.status).toBe(200);
    const request = {
      requestId: 'own-1',
      connectionId: own.id,
      method: 'GET',
      path: 'api/admin/sessions',
    };
    expect((await own.fail('http:send', request)).code).toBe('auth_required');
    await own.run('ssx:login', { connectionId: own.id, ...credentialsOf(admin) });
    expect((await own.run<HttpResponse>('http:send', request)).status).toBe(200);
  });

  it('a session the server expired (its clock, not ours) becomes auth_required', async () => {
    let serverClock = Date.now();
    const server = await startSecureXDemo({ now: () => serverClock, sessionTtlSeconds: 60 });
    try {
      const own = await ownConnection({ baseUrl: server.baseUrl });
      await own.run('ssx:login', { connectionId: own.id, ...credentialsOf(admin) });
      const request = {
        requestId: 'exp-1',
        connectionId: own.id,
        method: 'GET',
        path: 'api/admin/me',
      };
      expect((await own.run<HttpResponse>('http:send', request)).status).toBe(200);
      serverClock += 61_000;
      expect((await own.fail('http:send', { ...request, requestId: 'exp-2' })).code).toBe(
        'auth_required',
      );
      expect((await own.fail('ssx:me', { connectionId: own.id })).code).toBe('auth_required');
    } finally {
      await server.close();
    }
  });

  it('names the permission a route needs and whether the signed-in admin has it', async () => {
    const own = await ownConnection();
    const ask = (method: string, path: string) =>
      own.run<{
        route: string | null;
        permission: string | null;
        granted: boolean | null;
        audience: string | null;
      }>('ssx:permission', { connectionId: own.id, method, path });
    expect(await ask('POST', 'api/devices/dev-7/identity-review')).toMatchObject({
      route: 'POST /api/devices/<device_id>/identity-review',
      permission: 'devices:review',
      granted: null,
    });
    await own.run('ssx:login', { connectionId: own.id, ...credentialsOf(auditor) });
    expect(await ask('POST', '/api/devices/dev-7/identity-review?x=1')).toMatchObject({
      granted: false,
      role: 'auditor',
    });
    expect(await ask('GET', 'api/devices')).toMatchObject({
      permission: 'devices:read',
      granted: true,
    });
    // A literal segment wins over a parameter.
    expect(await ask('GET', 'api/integrations/workload-assertions/status')).toMatchObject({
      route: 'GET /api/integrations/workload-assertions/status',
    });
    expect(await ask('POST', 'api/heartbeat')).toMatchObject({
      audience: 'agent',
      permission: null,
    });
    expect(await ask('GET', 'api/nothing-here')).toMatchObject({ route: null });
  });

  it('revoking a session on production needs the typed name; read-only refuses it but allows sign-out', async () => {
    const prod = await ownConnection({ environment: 'production', name: 'SSX Prod' });
    await prod.run('ssx:login', { connectionId: prod.id, ...credentialsOf(admin) });
    const other = await core.demo.secureX!.createSessionFor(admin.username);
    const ask = await prod.fail('ssx:revoke', {
      connectionId: prod.id,
      sessionId: other.sessionId,
    });
    expect(ask.code).toBe('confirmation_required');
    const details = ask.details as { token: string; destructive: boolean; url: string };
    expect(details.destructive).toBe(true);
    expect(details.url).toContain(`/api/admin/sessions/${other.sessionId}/revoke`);
    // Not sent yet: the other session still works.
    const check = () =>
      fetch(`${core.demo.secureX!.baseUrl}/api/admin/me`, {
        headers: { Authorization: `Bearer ${other.token}` },
      }).then((r) => r.status);
    expect(await check()).toBe(200);
    expect(
      await prod.run('ssx:revoke', {
        connectionId: prod.id,
        sessionId: other.sessionId,
        confirmation: { token: details.token, typedName: 'SSX Prod' },
      }),
    ).toEqual({ revoked: true });
    expect(await check()).toBe(401);

    const ro = await ownConnection({ readOnly: true });
    await ro.run('ssx:login', { connectionId: ro.id, ...credentialsOf(admin) });
    const another = await core.demo.secureX!.createSessionFor(admin.username);
    expect(
      (await ro.fail('ssx:revoke', { connectionId: ro.id, sessionId: another.sessionId })).code,
    ).toBe('read_only');
    expect(await ro.run('ssx:logout', { connectionId: ro.id })).toEqual({ signedOut: true });
  });

  it('saves the password only on opt-in, in the keychain, and signs in with it later', async () => {
    const own = await ownConnection();
    await own.run('ssx:login', { connectionId: own.id, ...credentialsOf(operator) });
    expect(await own.keychain.get({ connectionId: own.id, kind: 'password' })).toBeNull();
    expect(
      (
        await own.fail('ssx:login', {
          connectionId: own.id,
          username: operator.username,
          useSavedPassword: true,
        })
      ).code,
    ).toBe('secret_missing');
    await own.run('ssx:login', {
      connectionId: own.id,
      ...credentialsOf(operator),
      savePassword: true,
    });
    expect(await own.keychain.get({ connectionId: own.id, kind: 'password' })).toBe(
      operator.password,
    );
    const listed = (await own.run<ConnectionSummary[]>('connections:list', {})).find(
      (c) => c.id === own.id,
    )!;
    expect(listed.config?.auth.username).toBe(operator.username);
    expect(JSON.stringify(listed)).not.toContain(operator.password);
    await own.run('ssx:logout', { connectionId: own.id });
    const again = await own.run<{ admin: SsxAdmin }>('ssx:login', {
      connectionId: own.id,
      username: operator.username,
      useSavedPassword: true,
    });
    expect(again.admin.role).toBe('operator');
    // A saved password that the server no longer accepts says what to do.
    await own.keychain.set({ connectionId: own.id, kind: 'password' }, 'an-old-password');
    const stale = await own.fail('ssx:login', {
      connectionId: own.id,
      username: operator.username,
      useSavedPassword: true,
    });
    expect(stale.code).toBe('auth_failed');
    expect(stale.message).toMatch(/saved password may be out of date/);
  });

  it('"remember" keeps the session in the keychain across a restart until it expires', async () => {
    const keychain = fakeKeychain();
    const first = await ownConnection({}, keychain);
    await first.run('ssx:login', {
      connectionId: first.id,
      ...credentialsOf(admin),
      remember: true,
    });
    const stored = await keychain.get({ connectionId: first.id, kind: 'session' });
    expect(stored).toContain('"token"');
    const restarted = createTestCore({ dataDir: first.dataDir, keychain });
    cores.push(restarted.core);
    const me = await restarted.core.dispatch('ssx:me', { connectionId: first.id }, ctx);
    expect(me).toMatchObject({ ok: true, value: { username: admin.username } });
    await restarted.core.dispatch('ssx:logout', { connectionId: first.id }, ctx);
    expect(await keychain.get({ connectionId: first.id, kind: 'session' })).toBeNull();
  });
});

function credentialsOf(a: { username: string; password: string }) {
  return { username: a.username, password: a.password };
}
