import { describe, expect, it } from 'vitest';
import { AppError } from '../../main/core/errors';
import {
  LINUX_SECRET_SERVICE_FIX,
  createKeytarStore,
  describeKeychainFailure,
  probeKeychain,
  type KeytarModule,
} from '../../main/core/secrets/keytar-store';
import { createMemoryStore } from '../../main/core/secrets/memory-store';
import { KEYCHAIN_SERVICE } from '../../main/core/secrets/secret-store';

/** An in-memory stand-in with keytar's API; `fail` makes every call reject like keytar. */
function fakeKeytar(fail?: string): KeytarModule & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  const key = (service: string, account: string) => `${service}\u0000${account}`;
  const guard = () => {
    if (fail) throw new Error(fail);
  };
  return {
    entries,
    async getPassword(service, account) {
      guard();
      return entries.get(key(service, account)) ?? null;
    },
    async setPassword(service, account, password) {
      guard();
      entries.set(key(service, account), password);
    },
    async deletePassword(service, account) {
      guard();
      return entries.delete(key(service, account));
    },
    async findCredentials(service) {
      guard();
      return [...entries]
        .filter(([k]) => k.startsWith(`${service}\u0000`))
        .map(([k, password]) => ({ account: k.slice(service.length + 1), password }));
    },
  };
}

async function errorOf(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

const LOCKED_LOGIN = 'Object does not exist at path “/org/freedesktop/secrets/collection/login”';

describe('describeKeychainFailure', () => {
  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'no-secret-service'],
    ['Could not connect: No such file or directory', 'no-secret-service'],
    [
      'The name org.freedesktop.secrets was not provided by any .service files',
      'no-secret-service',
    ],
    [LOCKED_LOGIN, 'locked'],
    ['Cannot create an item in a locked collection', 'locked'],
  ])('on Linux, %j → %s with the Secret Service fix', (message, reason) => {
    const failure = describeKeychainFailure(new Error(message), 'linux');
    expect(failure).toEqual({
      reason,
      message: LINUX_SECRET_SERVICE_FIX,
      platform: 'linux',
      cause: message,
    });
    expect(failure.message).toBe(
      'No Secret Service is running or the login keyring is locked. Install and unlock GNOME ' +
        'Keyring or KWallet (e.g. `gnome-keyring-daemon --unlock`), then try again — or keep ' +
        'this secret for this session only.',
    );
  });

  it('on Linux, a module that cannot load asks for libsecret-1-0', () => {
    const failure = describeKeychainFailure(
      new Error(
        'Failed to load keytar native addon, checked ["../build/Release","../prebuilds/linux-x64"] on prebuilds/linux-x64',
      ),
      'linux',
    );
    expect(failure.reason).toBe('library-missing');
    expect(failure.message).toContain('libsecret-1-0');
    expect(failure.message).toContain('this session only');

    const dlopen = Object.assign(
      new Error('libsecret-1.so.0: cannot open shared object file: No such file or directory'),
      { code: 'ERR_DLOPEN_FAILED' },
    );
    expect(describeKeychainFailure(dlopen, 'linux').reason).toBe('library-missing');
  });

  it('on Linux, an unknown failure still says what to check', () => {
    const failure = describeKeychainFailure(new Error('Something odd'), 'linux');
    expect(failure.reason).toBe('unknown');
    expect(failure.message).toContain('GNOME Keyring or KWallet');
    expect(failure.cause).toBe('Something odd');
  });

  it('on macOS, points at the login keychain in Keychain Access', () => {
    const failure = describeKeychainFailure(
      new Error('User interaction is not allowed.'),
      'darwin',
    );
    expect(failure.message).toContain('Keychain Access');
    expect(failure.message).toContain('login');
    expect(
      describeKeychainFailure(
        new Error('The user name or passphrase you entered is not correct.'),
        'darwin',
      ).message,
    ).toContain('unlock');
    expect(
      describeKeychainFailure(new Error('The user canceled the operation.'), 'darwin').reason,
    ).toBe('denied');
  });

  it('on Windows, points at Credential Manager', () => {
    const failure = describeKeychainFailure(new Error('Element not found.'), 'win32');
    expect(failure.message).toContain('Credential Manager');
    const large = describeKeychainFailure(new Error('The stub received bad data.'), 'win32');
    expect(large.reason).toBe('too-large');
    expect(large.message).toContain('2,560 bytes');
  });

  it('takes non-Error throwables', () => {
    expect(
      describeKeychainFailure('Cannot autolaunch D-Bus without X11 $DISPLAY', 'linux').reason,
    ).toBe('no-secret-service');
    expect(describeKeychainFailure(undefined, 'linux').cause).toBe('undefined');
  });
});

describe('createKeytarStore with an injected module', () => {
  it('files secrets under the app service as <connectionId>:<kind>', async () => {
    const keytar = fakeKeytar();
    const store = createKeytarStore(keytar, { platform: 'linux' });
    expect(store.storage).toBe('keychain');
    await store.set({ connectionId: 'c1', kind: 'token' }, 'tok');
    expect([...keytar.entries.keys()]).toEqual([`${KEYCHAIN_SERVICE}\u0000c1:token`]);
    expect(await store.get({ connectionId: 'c1', kind: 'token' })).toBe('tok');
  });

  it('lists only its own connection and skips foreign accounts', async () => {
    const keytar = fakeKeytar();
    await keytar.setPassword(KEYCHAIN_SERVICE, 'c10:token', 'x');
    await keytar.setPassword(KEYCHAIN_SERVICE, 'c1:not-a-kind', 'x');
    await keytar.setPassword(KEYCHAIN_SERVICE, 'stray-account', 'x');
    await keytar.setPassword('Another App', 'c1:token', 'x');
    const store = createKeytarStore(keytar, { platform: 'linux' });
    await store.set({ connectionId: 'c1', kind: 'session' }, 'sess');
    await store.set({ connectionId: 'c1', kind: 'password' }, 'pw');
    expect(await store.list('c1')).toEqual(['password', 'session']);
    expect(await store.deleteAll('c1')).toBe(2);
    expect(await store.list('c1')).toEqual([]);
    expect(await store.list('c10')).toEqual(['token']);
    expect(keytar.entries.size).toBe(4);
  });

  it('turns every keytar failure into keychain_unavailable with the fix and the cause', async () => {
    const store = createKeytarStore(fakeKeytar(LOCKED_LOGIN), { platform: 'linux' });
    const ref = { connectionId: 'c1', kind: 'token' } as const;
    for (const op of [
      () => store.set(ref, 'v'),
      () => store.get(ref),
      () => store.delete(ref),
      () => store.list('c1'),
      () => store.deleteAll('c1'),
    ]) {
      const err = await errorOf(op);
      expect(err.code).toBe('keychain_unavailable');
      expect(err.message).toBe(LINUX_SECRET_SERVICE_FIX);
      expect(err.details).toEqual({ platform: 'linux', cause: LOCKED_LOGIN, reason: 'locked' });
    }
  });

  it('keeps input errors as they are', async () => {
    const store = createKeytarStore(fakeKeytar(), { platform: 'linux' });
    expect((await errorOf(() => store.set({ connectionId: 'a:b', kind: 'token' }, 'v'))).code).toBe(
      'invalid_input',
    );
    expect((await errorOf(() => store.set({ connectionId: 'c1', kind: 'token' }, ''))).code).toBe(
      'invalid_input',
    );
  });

  it('loads lazily, reports a load failure plainly and retries the load later', async () => {
    let attempts = 0;
    const healthy = fakeKeytar();
    const store = createKeytarStore(
      async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('Failed to load keytar native addon, checked []');
        return healthy;
      },
      { platform: 'linux' },
    );
    expect(attempts).toBe(0);
    const err = await errorOf(() => store.get({ connectionId: 'c1', kind: 'token' }));
    expect(err.code).toBe('keychain_unavailable');
    expect(err.message).toContain('libsecret-1-0');
    expect(await store.get({ connectionId: 'c1', kind: 'token' })).toBeNull();
    await store.list('c1');
    expect(attempts).toBe(2);
  });
});

describe('probeKeychain', () => {
  it('is available when a secret round-trips, and leaves nothing behind', async () => {
    const keytar = fakeKeytar();
    expect(await probeKeychain(createKeytarStore(keytar, { platform: 'linux' }))).toEqual({
      available: true,
    });
    expect(keytar.entries.size).toBe(0);
  });

  it('reports the failure message when the keychain fails', async () => {
    const probe = await probeKeychain(
      createKeytarStore(fakeKeytar('Cannot autolaunch D-Bus without X11 $DISPLAY'), {
        platform: 'linux',
      }),
    );
    expect(probe).toEqual({ available: false, message: LINUX_SECRET_SERVICE_FIX });
  });

  it('is unavailable when a read does not return what was written (locked keyrings read as empty)', async () => {
    const keytar = fakeKeytar();
    keytar.getPassword = async () => null;
    const probe = await probeKeychain(createKeytarStore(keytar, { platform: 'linux' }));
    expect(probe.available).toBe(false);
    expect(keytar.entries.size).toBe(0);
  });

  it('works on any SecretStore', async () => {
    expect(await probeKeychain(createMemoryStore())).toEqual({ available: true });
  });
});
