import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../main/core/app-core';
import type { VariableInfo } from '../../preload/contract';
import { createKeytarNamedStore, namedStoreOn } from '../../main/core/variables/named-secret-store';
import { LINUX_SECRET_SERVICE_FIX } from '../../main/core/secrets/keytar-store';
import { createTestCore, fakeKeychain, realKeychainAvailable } from '../helpers/app-harness';

const ctx = { emit: () => undefined };

describe('secret variables in the (fake) keychain', () => {
  it('go into the injected keychain, not beside connection secrets, and resolve on send', async () => {
    const keychain = fakeKeychain();
    const { core } = createTestCore({ keychain });
    const value = `fake-kc-${randomUUID()}`;
    const set = await core.dispatch(
      'variables:set',
      { scope: 'global', name: 'apiKey', value, secret: true },
      ctx,
    );
    expect(set).toMatchObject({ ok: true, value: { secret: true, storage: 'keychain' } });
    expect(JSON.stringify(set)).not.toContain(value);
    expect(await namedStoreOn(keychain).get('vars:global:apiKey')).toBe(value);
    const listed = await core.dispatch('variables:list', {}, ctx);
    expect(JSON.stringify(listed)).not.toContain(value);
    await core.dispose();
  });

  it('keytar failures become keychain_unavailable with the platform fix', async () => {
    const store = createKeytarNamedStore({
      platform: 'linux',
      keytar: async () => {
        throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
      },
    });
    await expect(store.set('vars:global:x', 'value')).rejects.toMatchObject({
      code: 'keychain_unavailable',
      message: LINUX_SECRET_SERVICE_FIX,
    });
  });
});

if (!realKeychainAvailable) {
  console.log(
    'real-keychain secret variables skipped: no D-Bus session here (run under dbus-run-session ' +
      'with gnome-keyring unlocked, as .ci/run does).',
  );
}

describe.skipIf(!realKeychainAvailable)('secret variables in the real keychain', () => {
  const name = `it_${randomUUID().replace(/-/g, '')}`;
  let core: AppCore;

  beforeAll(() => {
    core = createTestCore({ keychain: 'real' }).core;
  });

  afterAll(async () => {
    await core.dispatch('variables:delete', { scope: 'global', name }, ctx);
    await core.dispose();
  });

  it('round trip through keytar: set, list by fingerprint, resolve in a preview, delete', async () => {
    const direct = createKeytarNamedStore({ service: 'Sentinel Operator Console (tests)' });
    await direct.set(`vars:global:${name}`, 'direct-value-1');
    expect(await direct.get(`vars:global:${name}`)).toBe('direct-value-1');
    expect(await direct.delete(`vars:global:${name}`)).toBe(true);

    const value = `real-kc-${randomUUID()}`;
    const set = await core.dispatch(
      'variables:set',
      { scope: 'global', name, value, secret: true },
      ctx,
    );
    expect(set).toMatchObject({ ok: true, value: { storage: 'keychain' } });
    const keytar = await import('@github/keytar');
    const k = (keytar as unknown as { default?: typeof keytar }).default ?? keytar;
    expect(await k.getPassword('Sentinel Operator Console', `vars:global:${name}`)).toBe(value);
    const list = await core.dispatch('variables:list', {}, ctx);
    const mine = (list as { value: VariableInfo[] }).value.find((v) => v.name === name);
    expect(mine).toMatchObject({
      secret: true,
      fingerprint: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
    await core.dispatch('demo:start', { tenant: 'sentinelone' }, ctx);
    const preview = await core.dispatch(
      'http:preview',
      {
        connectionId: 'demo-sentinelone',
        method: 'GET',
        path: 'threats',
        headers: [{ name: 'X-K', value: `{{${name}}}`, enabled: true }],
      },
      ctx,
    );
    expect(JSON.stringify(preview)).not.toContain(value);
    expect(preview).toMatchObject({ ok: true, value: { unresolved: [] } });
    expect(await core.dispatch('variables:delete', { scope: 'global', name }, ctx)).toMatchObject({
      ok: true,
      value: { deleted: true },
    });
    expect(await k.getPassword('Sentinel Operator Console', `vars:global:${name}`)).toBeNull();
  });
});
