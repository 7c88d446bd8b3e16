import { describe, expect, it } from 'vitest';
import { AppError } from '../../main/core/errors';
import {
  LINUX_SECRET_SERVICE_FIX,
  createKeytarStore,
  type KeytarModule,
} from '../../main/core/secrets/keytar-store';
import { createMemoryStore } from '../../main/core/secrets/memory-store';
import { fingerprint, type SecretRef } from '../../main/core/secrets/secret-store';
import { createSecretVault } from '../../main/core/secrets/secret-vault';

const NO_DBUS = 'Cannot autolaunch D-Bus without X11 $DISPLAY';

/** keytar's API over a Map; set `down` to make every call fail like a missing Secret Service. */
function fakeKeytar() {
  const entries = new Map<string, string>();
  const state = { down: false, calls: 0 };
  const guard = () => {
    state.calls += 1;
    if (state.down) throw new Error(NO_DBUS);
  };
  const module: KeytarModule = {
    async getPassword(_service, account) {
      guard();
      return entries.get(account) ?? null;
    },
    async setPassword(_service, account, password) {
      guard();
      entries.set(account, password);
    },
    async deletePassword(_service, account) {
      guard();
      return entries.delete(account);
    },
    async findCredentials() {
      guard();
      return [...entries].map(([account, password]) => ({ account, password }));
    },
  };
  return { module, entries, state };
}

function setup() {
  const keytar = fakeKeytar();
  const keychain = createKeytarStore(keytar.module, { platform: 'linux' });
  const session = createMemoryStore();
  const seen: string[] = [];
  const vault = createSecretVault({
    keychain,
    session,
    platform: 'linux',
    onSecret: (value) => seen.push(value),
  });
  return { vault, keychain, session, keytar, seen };
}

const TOKEN: SecretRef = { connectionId: 'c1', kind: 'token' };

async function errorOf(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('SecretVault', () => {
  it('stores in the keychain and reports where and which secret', async () => {
    const { vault, keytar, session } = setup();
    const status = await vault.set(TOKEN, 'keychain-token', 'keychain');
    expect(status).toEqual({
      kind: 'token',
      present: true,
      storage: 'keychain',
      fingerprint: fingerprint('keychain-token'),
    });
    expect(keytar.entries.get('c1:token')).toBe('keychain-token');
    expect(await session.get(TOKEN)).toBeNull();
    expect(await vault.get(TOKEN)).toBe('keychain-token');
    expect(await vault.status(TOKEN)).toEqual(status);
  });

  it('prefers the session copy, and writing one store clears the other', async () => {
    const { vault, keytar, session } = setup();
    await vault.set(TOKEN, 'keychain-token', 'keychain');
    await session.set(TOKEN, 'stale-session'); // e.g. set by an older code path
    expect(await vault.get(TOKEN)).toBe('stale-session');

    await vault.set(TOKEN, 'session-token', 'session');
    expect(keytar.entries.has('c1:token')).toBe(false);
    expect(await vault.get(TOKEN)).toBe('session-token');
    expect((await vault.status(TOKEN)).storage).toBe('session');

    await vault.set(TOKEN, 'keychain-token-2', 'keychain');
    expect(await session.get(TOKEN)).toBeNull();
    expect(await vault.get(TOKEN)).toBe('keychain-token-2');
  });

  it('throws keychain_unavailable when the keychain fails and stores nothing anywhere', async () => {
    const { vault, keytar, session } = setup();
    keytar.state.down = true;
    const err = await errorOf(() => vault.set(TOKEN, 'doomed-token', 'keychain'));
    expect(err.code).toBe('keychain_unavailable');
    expect(err.message).toBe(LINUX_SECRET_SERVICE_FIX);
    expect(err.details).toMatchObject({ platform: 'linux', cause: NO_DBUS });
    expect(keytar.entries.size).toBe(0);
    expect(await session.list('c1')).toEqual([]);
    expect(await session.get(TOKEN)).toBeNull();
    // And the failure is what keychainStatus reports now, without another probe.
    const calls = keytar.state.calls;
    expect(await vault.keychainStatus()).toEqual({
      available: false,
      message: LINUX_SECRET_SERVICE_FIX,
    });
    expect(keytar.state.calls).toBe(calls);
  });

  it('leaves the previous secret in place when a keychain write fails', async () => {
    const { vault, keytar } = setup();
    await vault.set(TOKEN, 'session-token', 'session');
    keytar.state.down = true;
    await errorOf(() => vault.set(TOKEN, 'new-token', 'keychain'));
    expect(await vault.get(TOKEN)).toBe('session-token');
  });

  it('keeps session secrets working while the keychain is down', async () => {
    const { vault, keytar } = setup();
    keytar.state.down = true;
    const status = await vault.set(TOKEN, 'session-only', 'session');
    expect(status.storage).toBe('session');
    expect(await vault.get(TOKEN)).toBe('session-only');
    expect(await vault.statusAll('c1')).toEqual([status]);
    expect(keytar.entries.size).toBe(0);
  });

  it('says keychain_unavailable on get when only the keychain could hold it', async () => {
    const { vault, keytar } = setup();
    keytar.state.down = true;
    expect((await errorOf(() => vault.get(TOKEN))).code).toBe('keychain_unavailable');
    // Status lists still render; keychainStatus carries the failure.
    expect(await vault.status(TOKEN)).toEqual({ kind: 'token', present: false });
    expect((await vault.keychainStatus()).available).toBe(false);
  });

  it('reports status for absent secrets and lists present kinds of both stores', async () => {
    const { vault } = setup();
    expect(await vault.status(TOKEN)).toEqual({ kind: 'token', present: false });
    await vault.set({ connectionId: 'c1', kind: 'passphrase' }, 'pass-phrase', 'keychain');
    await vault.set(TOKEN, 'session-token', 'session');
    await vault.set({ connectionId: 'c2', kind: 'password' }, 'other-conn', 'keychain');
    expect(await vault.statusAll('c1')).toEqual([
      {
        kind: 'token',
        present: true,
        storage: 'session',
        fingerprint: fingerprint('session-token'),
      },
      {
        kind: 'passphrase',
        present: true,
        storage: 'keychain',
        fingerprint: fingerprint('pass-phrase'),
      },
    ]);
  });

  it('deletes one secret from both stores', async () => {
    const { vault, keytar, session } = setup();
    await keytar.module.setPassword('any', 'c1:token', 'keychain-copy');
    await session.set(TOKEN, 'session-copy');
    expect(await vault.delete(TOKEN)).toBe(true);
    expect(await vault.get(TOKEN)).toBeNull();
    expect(await vault.delete(TOKEN)).toBe(false);
  });

  it('deleteAll clears both stores for one connection only', async () => {
    const { vault, keytar, session } = setup();
    await vault.set(TOKEN, 'k-token', 'keychain');
    await vault.set({ connectionId: 'c1', kind: 'password' }, 's-password', 'session');
    await vault.set({ connectionId: 'c1', kind: 'session' }, 'k-session', 'keychain');
    await vault.set({ connectionId: 'c2', kind: 'token' }, 'c2-token', 'keychain');
    expect(await vault.deleteAll('c1')).toBe(3);
    expect(await vault.statusAll('c1')).toEqual([]);
    expect(await session.list('c1')).toEqual([]);
    expect([...keytar.entries.keys()]).toEqual(['c2:token']);
  });

  it('deleteAll clears the session even when the keychain then fails', async () => {
    const { vault, keytar, session } = setup();
    await vault.set(TOKEN, 's-token', 'session');
    keytar.state.down = true;
    expect((await errorOf(() => vault.deleteAll('c1'))).code).toBe('keychain_unavailable');
    expect(await session.list('c1')).toEqual([]);
  });

  it('probes the keychain once, caches the answer and re-probes on refresh', async () => {
    const { vault, keytar } = setup();
    expect(await vault.keychainStatus()).toEqual({ available: true });
    const calls = keytar.state.calls;
    expect(await vault.keychainStatus()).toEqual({ available: true });
    expect(keytar.state.calls).toBe(calls);
    keytar.state.down = true;
    expect(await vault.keychainStatus({ refresh: true })).toEqual({
      available: false,
      message: LINUX_SECRET_SERVICE_FIX,
    });
    keytar.state.down = false;
    expect(await vault.keychainStatus({ refresh: true })).toEqual({ available: true });
    expect(keytar.entries.size).toBe(0);
  });

  it('remembers every secret value it sees, in memory, for redaction', async () => {
    const { vault, keytar, seen } = setup();
    await vault.set(TOKEN, 'first-token', 'keychain');
    await vault.set(TOKEN, 'second-token', 'session');
    await keytar.module.setPassword('any', 'c3:password', 'found-in-keychain');
    await vault.get({ connectionId: 'c3', kind: 'password' });
    keytar.state.down = true;
    await errorOf(() => vault.set(TOKEN, 'failed-write', 'keychain'));
    const known = vault.knownSecrets();
    expect([...known].sort()).toEqual(
      ['failed-write', 'first-token', 'found-in-keychain', 'second-token'].sort(),
    );
    expect(seen.sort()).toEqual([...known].sort());
    // A copy: callers cannot forget secrets on the vault's behalf.
    (known as Set<string>).clear();
    expect(vault.knownSecrets().size).toBe(4);
  });

  it('refuses bad input before touching any store', async () => {
    const { vault, keytar } = setup();
    expect((await errorOf(() => vault.set(TOKEN, '', 'keychain'))).code).toBe('invalid_input');
    expect((await errorOf(() => vault.set(TOKEN, 'value', 'file' as 'keychain'))).code).toBe(
      'invalid_input',
    );
    expect((await errorOf(() => vault.statusAll('no:colons'))).code).toBe('invalid_input');
    expect(keytar.state.calls).toBe(0);
  });

  it('refuses to be built with the stores swapped', () => {
    expect(() =>
      createSecretVault({ keychain: createMemoryStore(), session: createMemoryStore() }),
    ).toThrow(/keychain store/);
  });
});
