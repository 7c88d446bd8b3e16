/**
 * The one place main reads and writes connection secrets. It combines the OS keychain
 * with session-only memory: the operator picks where each secret lives, a session copy
 * wins over a keychain copy, and a failing keychain is reported as `keychain_unavailable`
 * — never papered over by quietly keeping the secret in memory or in a file, because
 * the operator would then believe it survives a restart.
 */
import type { SecretStatus } from '../../../preload/contract';
import { AppError, isAppError } from '../errors';
import { keychainError, probeKeychain, type KeychainProbe } from './keytar-store';
import { createMemoryStore } from './memory-store';
import {
  accountFor,
  assertConnectionId,
  assertSecretValue,
  fingerprint,
  sortKinds,
  type SecretKind,
  type SecretRef,
  type SecretStorage,
  type SecretStore,
} from './secret-store';

export type { SecretStatus };

export interface SecretVaultOptions {
  /** The OS keychain (`createKeytarStore()`), or a double in tests. */
  keychain: SecretStore;
  /** Session-only secrets; defaults to a fresh `createMemoryStore()`. */
  session?: SecretStore;
  /** Told about every secret value the vault sees, e.g. to feed the redactor. */
  onSecret?: (value: string, ref: SecretRef) => void;
  /** Which platform's fix to describe for a keychain failure; defaults to `process.platform`. */
  platform?: NodeJS.Platform;
}

export interface SecretVault {
  /** Stores `value` where the operator chose and removes the same ref from the other store. */
  set(ref: SecretRef, value: string, storage: SecretStorage): Promise<SecretStatus>;
  /** Session copy first, then the keychain; `null` when neither holds it. */
  get(ref: SecretRef): Promise<string | null>;
  /** Removes the ref from both stores; true when either held it. */
  delete(ref: SecretRef): Promise<boolean>;
  status(ref: SecretRef): Promise<SecretStatus>;
  /** The kinds present for a connection (session or keychain), in `SECRET_KINDS` order. */
  statusAll(connectionId: string): Promise<SecretStatus[]>;
  /** Every secret of a connection in both stores; the number removed. */
  deleteAll(connectionId: string): Promise<number>;
  /** Whether the keychain works, probed once and cached until `refresh`. */
  keychainStatus(options?: { refresh?: boolean }): Promise<KeychainProbe>;
  /** Every secret value seen in this run (memory only), for redaction. */
  knownSecrets(): ReadonlySet<string>;
}

export function createSecretVault(options: SecretVaultOptions): SecretVault {
  const { keychain, onSecret } = options;
  const session = options.session ?? createMemoryStore();
  const platform = options.platform ?? process.platform;
  const known = new Set<string>();
  let probe: Promise<KeychainProbe> | undefined;

  if (keychain.storage !== 'keychain' || session.storage !== 'session') {
    throw new Error('createSecretVault: pass a keychain store and a session store.');
  }

  function remember(value: string, ref: SecretRef): void {
    if (known.has(value)) return;
    known.add(value);
    onSecret?.(value, ref);
  }

  /** Runs a keychain call, turning any failure into `keychain_unavailable` and caching that. */
  async function onKeychain<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      const appErr = isAppError(err) ? err : keychainError(err, platform);
      if (appErr.code === 'keychain_unavailable') {
        // Later status checks should show the banner without probing again.
        probe = Promise.resolve({ available: false, message: appErr.message });
      }
      throw appErr;
    }
  }

  function isKeychainUnavailable(err: unknown): err is AppError {
    return isAppError(err) && err.code === 'keychain_unavailable';
  }

  function present(kind: SecretKind, value: string, storage: SecretStorage): SecretStatus {
    return { kind, present: true, fingerprint: fingerprint(value), storage };
  }

  async function status(ref: SecretRef): Promise<SecretStatus> {
    accountFor(ref);
    const inSession = await session.get(ref);
    if (inSession !== null) {
      remember(inSession, ref);
      return present(ref.kind, inSession, 'session');
    }
    try {
      const inKeychain = await onKeychain(() => keychain.get(ref));
      if (inKeychain !== null) {
        remember(inKeychain, ref);
        return present(ref.kind, inKeychain, 'keychain');
      }
    } catch (err) {
      // A status is shown in lists that must still render when the keychain is down; the
      // failure is recorded in keychainStatus() (see onKeychain), which the UI shows.
      if (!isKeychainUnavailable(err)) throw err;
    }
    return { kind: ref.kind, present: false };
  }

  return {
    async set(ref, value, storage) {
      accountFor(ref);
      assertSecretValue(value);
      if (storage !== 'keychain' && storage !== 'session') {
        throw new AppError(
          'invalid_input',
          'A secret is kept in the keychain or for this session.',
        );
      }
      // Known before the write so it is redacted even if the write fails and the value
      // later shows up in an error or a log line.
      remember(value, ref);
      if (storage === 'keychain') {
        // Keychain first: if it fails, the operator's previous secret stays where it was.
        await onKeychain(() => keychain.set(ref, value));
        probe = Promise.resolve({ available: true });
        await session.delete(ref);
      } else {
        await session.set(ref, value);
        try {
          await onKeychain(() => keychain.delete(ref));
        } catch (err) {
          // Session storage is what the operator picks when the keychain is down, so an
          // unreachable keychain is expected here; the session copy wins in get() anyway.
          if (!isKeychainUnavailable(err)) throw err;
        }
      }
      return present(ref.kind, value, storage);
    },

    async get(ref) {
      accountFor(ref);
      const inSession = await session.get(ref);
      if (inSession !== null) {
        remember(inSession, ref);
        return inSession;
      }
      // Unlike status(), a failure here propagates: a send must say "keychain unavailable",
      // not "no token".
      const inKeychain = await onKeychain(() => keychain.get(ref));
      if (inKeychain !== null) remember(inKeychain, ref);
      return inKeychain;
    },

    async delete(ref) {
      accountFor(ref);
      // Memory first, so the session copy is gone even when the keychain then fails.
      const fromSession = await session.delete(ref);
      const fromKeychain = await onKeychain(() => keychain.delete(ref));
      return fromSession || fromKeychain;
    },

    status,

    async statusAll(connectionId) {
      assertConnectionId(connectionId);
      let keychainKinds: SecretKind[] = [];
      try {
        keychainKinds = await onKeychain(() => keychain.list(connectionId));
      } catch (err) {
        // Same reasoning as status(): lists render, keychainStatus() carries the failure.
        if (!isKeychainUnavailable(err)) throw err;
      }
      const kinds = sortKinds([...(await session.list(connectionId)), ...keychainKinds]);
      const statuses = await Promise.all(kinds.map((kind) => status({ connectionId, kind })));
      return statuses.filter((s) => s.present);
    },

    async deleteAll(connectionId) {
      assertConnectionId(connectionId);
      const fromSession = await session.deleteAll(connectionId);
      const fromKeychain = await onKeychain(() => keychain.deleteAll(connectionId));
      return fromSession + fromKeychain;
    },

    keychainStatus({ refresh = false } = {}) {
      if (refresh || !probe) probe = probeKeychain(keychain);
      return probe;
    },

    knownSecrets() {
      return new Set(known);
    },
  };
}
