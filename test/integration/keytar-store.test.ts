import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LINUX_SECRET_SERVICE_FIX,
  createKeytarStore,
  probeKeychain,
} from '../../main/core/secrets/keytar-store';
import { createSecretVault } from '../../main/core/secrets/secret-vault';

const run = promisify(execFile);
const fixture = join(import.meta.dirname, '..', 'fixtures', 'keytar-set-once.ts');

// CI always has a Secret Service (.ci/run starts one); elsewhere, say why this is skipped.
const noSecretService = !process.env.DBUS_SESSION_BUS_ADDRESS && !process.env.CI;
if (noSecretService) {
  console.log(
    'keytar store round trip skipped: no D-Bus session here (run under dbus-run-session with ' +
      'gnome-keyring unlocked, as .ci/run does).',
  );
}
const notLinux = process.platform !== 'linux';
if (notLinux) {
  console.log('keytar failure tests skipped: they break the Linux Secret Service on purpose.');
}

/** Runs the fixture in a child with the given environment; returns its JSON verdict. */
async function setOnceIn(env: NodeJS.ProcessEnv, command?: string[]) {
  const args = ['--import', 'tsx', fixture, `it-${randomUUID()}`];
  const [file, argv] = command
    ? [command[0] ?? '', [...command.slice(1), process.execPath, ...args]]
    : [process.execPath, args];
  const { stdout } = await run(file, argv, { env, cwd: process.cwd(), timeout: 15_000 });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as { ok: boolean; code?: string; message?: string; details?: unknown };
}

/** The parent's environment without any display (so nothing can pop a keyring prompt). */
function headlessEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return env;
}

describe.skipIf(noSecretService)('keytar store against the real Secret Service', () => {
  const connectionId = `it-${randomUUID()}`;
  const store = createKeytarStore();

  afterAll(async () => {
    await store.deleteAll(connectionId);
  });

  it('sets, gets, lists, deletes and deletes all', async () => {
    const token = { connectionId, kind: 'token' } as const;
    const passphrase = { connectionId, kind: 'passphrase' } as const;

    expect(await store.get(token)).toBeNull();
    await store.set(token, 'real-token-value');
    await store.set(passphrase, 'real passphrase ✓');
    expect(await store.get(token)).toBe('real-token-value');
    expect(await store.get(passphrase)).toBe('real passphrase ✓');
    expect(await store.list(connectionId)).toEqual(['token', 'passphrase']);

    await store.set(token, 'replaced-token-value');
    expect(await store.get(token)).toBe('replaced-token-value');

    expect(await store.delete(token)).toBe(true);
    expect(await store.delete(token)).toBe(false);
    expect(await store.list(connectionId)).toEqual(['passphrase']);

    await store.set(token, 'again');
    expect(await store.deleteAll(connectionId)).toBe(2);
    expect(await store.list(connectionId)).toEqual([]);
    expect(await store.get(passphrase)).toBeNull();
  });

  it('probeKeychain says available', async () => {
    expect(await probeKeychain(store)).toEqual({ available: true });
  });

  it('the vault keeps a keychain secret in the keychain, not in memory', async () => {
    const vault = createSecretVault({ keychain: store });
    const ref = { connectionId, kind: 'client-secret' } as const;
    const status = await vault.set(ref, 'vault-secret-value', 'keychain');
    expect(status).toMatchObject({ present: true, storage: 'keychain' });
    expect(await store.get(ref)).toBe('vault-secret-value');
    expect(await createSecretVault({ keychain: store }).get(ref)).toBe('vault-secret-value');
    expect(await vault.deleteAll(connectionId)).toBe(1);
  });
});

describe.skipIf(notLinux)('keytar store on a real broken Secret Service', () => {
  it('a dead D-Bus socket gives keychain_unavailable with the Linux fix', async () => {
    const verdict = await setOnceIn(
      headlessEnv({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' }),
    );
    expect(verdict).toMatchObject({
      ok: false,
      code: 'keychain_unavailable',
      message: LINUX_SECRET_SERVICE_FIX,
      details: { platform: 'linux', reason: 'no-secret-service' },
    });
  });

  it('no D-Bus session at all gives the same clear error', async () => {
    const env = headlessEnv({});
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const verdict = await setOnceIn(env);
    expect(verdict).toMatchObject({
      ok: false,
      code: 'keychain_unavailable',
      message: LINUX_SECRET_SERVICE_FIX,
    });
  });

  const canStartKeyring =
    existsSync('/usr/bin/dbus-run-session') && existsSync('/usr/bin/gnome-keyring-daemon');
  if (!canStartKeyring) {
    console.log('locked-keyring test skipped: dbus-run-session or gnome-keyring-daemon missing.');
  }

  it.skipIf(!canStartKeyring)(
    'a running but locked keyring (no login collection) gives the same clear error',
    async () => {
      const home = await mkdtemp(join(tmpdir(), 'soc-locked-keyring-'));
      try {
        // A fresh HOME with gnome-keyring started but never unlocked: the real
        // "Object does not exist at path …/collection/login" case.
        const verdict = await setOnceIn(
          headlessEnv({
            HOME: home,
            XDG_DATA_HOME: join(home, '.local/share'),
            XDG_CACHE_HOME: join(home, '.cache'),
          }),
          [
            'dbus-run-session',
            '--',
            'sh',
            '-c',
            'gnome-keyring-daemon --components=secrets >/dev/null 2>&1; exec "$@"',
            'sh',
          ],
        );
        expect(verdict).toMatchObject({
          ok: false,
          code: 'keychain_unavailable',
          message: LINUX_SECRET_SERVICE_FIX,
          details: { platform: 'linux', reason: 'locked' },
        });
      } finally {
        await rm(home, { recursive: true, force: true });
      }
    },
  );
});
