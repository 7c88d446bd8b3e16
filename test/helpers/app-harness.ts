import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore, type AppCore, type AppCoreOptions } from '../../main/core/app-core';
import { createMemoryStore } from '../../main/core/secrets/memory-store';
import type { SecretStore } from '../../main/core/secrets/secret-store';

/** An in-memory store that plays the OS keychain, for tests that are not about the keychain. */
export function fakeKeychain(): SecretStore {
  return { ...createMemoryStore(), storage: 'keychain' };
}

/**
 * A keychain that can be switched off, failing the way keytar does without a
 * Secret Service, so tests can take the keychain away mid-session.
 */
export function switchableKeychain(): SecretStore & { down: boolean } {
  const inner = fakeKeychain();
  const store = {
    storage: 'keychain' as const,
    down: false,
  } as SecretStore & { down: boolean };
  for (const op of ['get', 'set', 'delete', 'deleteAll', 'list'] as const) {
    (store as unknown as Record<string, unknown>)[op] = async (...args: unknown[]) => {
      if (store.down) throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
      return (inner[op] as (...a: unknown[]) => Promise<unknown>)(...args);
    };
  }
  return store;
}

/** True where a real Secret Service can be reached (CI always; locally under dbus-run-session). */
export const realKeychainAvailable = Boolean(
  process.env.DBUS_SESSION_BUS_ADDRESS || process.env.CI,
);

/**
 * A fresh AppCore with its own temporary data directory, as each test should have.
 * `keychain: 'real'` uses the OS keychain through keytar.
 */
export function createTestCore(
  overrides: Partial<Omit<AppCoreOptions, 'keychain'>> & {
    keychain?: 'real' | 'fake' | SecretStore;
  } = {},
): { core: AppCore; dataDir: string } {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'soc-data-'));
  const { keychain, ...rest } = overrides;
  const core = createAppCore({
    dataDir,
    transport: 'browser-host',
    version: '0.0.0-test',
    openExternal: async () => undefined,
    ...rest,
    keychain:
      keychain === 'real' ? undefined : typeof keychain === 'object' ? keychain : fakeKeychain(),
  });
  return { core, dataDir };
}
