/**
 * Secret variables are arbitrary named secrets, which the connection `SecretStore`
 * (one account per connection and credential kind) cannot hold. They get their own
 * store keyed by keychain account name — `vars:global:<name>`,
 * `vars:connection:<id>:<name>`, `vars:collection:<id>:<name>` under the same
 * keychain service. `parseAccount` in secret-store.ts rejects these names (the part
 * before the last `:` is not a connection id), so connection listings never see them.
 * Same rules as the vault: no plaintext fallback, every keychain failure is one
 * `keychain_unavailable` error with the platform's fix.
 */
import { createHash } from 'node:crypto';
import { keychainError, type KeytarModule } from '../secrets/keytar-store';
import { KEYCHAIN_SERVICE, type SecretStore } from '../secrets/secret-store';

export interface NamedSecretStore {
  readonly storage: 'keychain' | 'session';
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

async function importKeytar(): Promise<KeytarModule> {
  // Lazily, like keytar-store.ts: a missing libsecret fails the first call, not start-up.
  const mod = (await import('@github/keytar')) as unknown as KeytarModule & {
    default?: KeytarModule;
  };
  return mod.default ?? mod;
}

/** The OS keychain through keytar. */
export function createKeytarNamedStore(
  options: {
    service?: string;
    platform?: NodeJS.Platform;
    keytar?: () => Promise<KeytarModule>;
  } = {},
): NamedSecretStore {
  const service = options.service ?? KEYCHAIN_SERVICE;
  const platform = options.platform ?? process.platform;
  const load = options.keytar ?? importKeytar;
  let loaded: Promise<KeytarModule> | undefined;
  async function call<T>(op: (k: KeytarModule) => Promise<T>): Promise<T> {
    try {
      loaded ??= load().catch((err: unknown) => {
        loaded = undefined; // retry once the operator has fixed it
        throw err;
      });
      return await op(await loaded);
    } catch (err) {
      throw keychainError(err, platform);
    }
  }
  return {
    storage: 'keychain',
    get: (account) => call((k) => k.getPassword(service, account)),
    set: (account, value) => call((k) => k.setPassword(service, account, value)),
    delete: (account) => call((k) => k.deletePassword(service, account)),
  };
}

/** Session-only: this process's memory, gone when it exits. */
export function createMemoryNamedStore(
  storage: 'keychain' | 'session' = 'session',
): NamedSecretStore {
  const values = new Map<string, string>();
  return {
    storage,
    get: async (account) => values.get(account) ?? null,
    set: async (account, value) => void values.set(account, value),
    delete: async (account) => values.delete(account),
  };
}

/**
 * Named secrets kept in a connection-style `SecretStore` — the keychain double that
 * tests inject as `keychain` (a fake, or one that can be switched off). Each account
 * maps to a reserved id (`vars-<hash>`, kind `token`) that no connection id collides
 * with in practice; failures come out as `keychain_unavailable` like keytar's.
 */
export function namedStoreOn(store: SecretStore, platform = process.platform): NamedSecretStore {
  const refOf = (account: string) => ({
    connectionId: `vars-${createHash('sha256').update(account, 'utf8').digest('hex').slice(0, 40)}`,
    kind: 'token' as const,
  });
  async function call<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw keychainError(err, platform);
    }
  }
  return {
    storage: store.storage,
    get: (account) => call(() => store.get(refOf(account))),
    set: (account, value) => call(() => store.set(refOf(account), value)),
    delete: (account) => call(() => store.delete(refOf(account))),
  };
}
