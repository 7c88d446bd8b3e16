/**
 * `SecretStore` on the OS keychain through `@github/keytar`: macOS Keychain, Windows
 * Credential Manager, or the freedesktop Secret Service (GNOME Keyring, KWallet) on
 * Linux. Every failure becomes one `keychain_unavailable` AppError whose message says,
 * per platform and in plain words, how to fix it. There is deliberately no fallback
 * here: the vault offers session-only storage instead, never a file.
 */
import { randomUUID } from 'node:crypto';
import { AppError, isAppError } from '../errors';
import {
  KEYCHAIN_SERVICE,
  accountFor,
  assertConnectionId,
  assertSecretValue,
  parseAccount,
  sortKinds,
  type SecretKind,
  type SecretRef,
  type SecretStore,
} from './secret-store';

/** The part of `@github/keytar` the store uses; tests inject their own. */
export interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export type KeytarLoader = () => Promise<KeytarModule>;

export interface KeytarStoreOptions {
  /** Which platform's fix to describe; defaults to `process.platform`. */
  platform?: NodeJS.Platform;
  /** The keychain service name; tests may use their own to stay out of the app's. */
  service?: string;
}

export type KeychainFailureReason =
  'no-secret-service' | 'locked' | 'library-missing' | 'denied' | 'too-large' | 'unknown';

export interface KeychainFailure {
  reason: KeychainFailureReason;
  /** What the operator reads: what is wrong and what to do next. */
  message: string;
  platform: NodeJS.Platform;
  /** The keychain's own words, for the details pane and bug reports. */
  cause: string;
}

export type KeychainProbe = { available: true } | { available: false; message: string };

const SESSION_ONLY = 'or keep this secret for this session only.';

export const LINUX_SECRET_SERVICE_FIX =
  'No Secret Service is running or the login keyring is locked. Install and unlock GNOME ' +
  'Keyring or KWallet (e.g. `gnome-keyring-daemon --unlock`), then try again — ' +
  SESSION_ONLY;

const LINUX_LIBSECRET_FIX =
  'The keychain library libsecret is not installed. Install `libsecret-1-0` (e.g. ' +
  '`sudo apt install libsecret-1-0`), restart the console, then try again — ' +
  SESSION_ONLY;

const LINUX_UNKNOWN_FIX =
  'The system keychain refused the request. Check that GNOME Keyring or KWallet is running ' +
  'and unlocked (e.g. `gnome-keyring-daemon --unlock`), then try again — ' +
  SESSION_ONLY;

const MACOS_FIX =
  'The macOS login keychain is locked or refused access. Open Keychain Access, unlock the ' +
  '"login" keychain (File › Unlock Keychain "login"), then try again — ' +
  SESSION_ONLY;

const MACOS_DENIED_FIX =
  'The keychain request was declined. Try again and choose Allow when macOS asks — ' + SESSION_ONLY;

const WINDOWS_FIX =
  'Windows Credential Manager refused the request. Open Credential Manager (Control Panel › ' +
  'User Accounts › Credential Manager), check that Windows Credentials can be added for ' +
  'your account, then try again — ' +
  SESSION_ONLY;

const WINDOWS_TOO_LARGE_FIX =
  'The secret is too large for Windows Credential Manager (at most 2,560 bytes). Check that ' +
  'you pasted only the secret — ' +
  SESSION_ONLY;

const MODULE_MISSING_FIX =
  'The keychain component of the console could not be loaded. Reinstall the console, then ' +
  'try again — ' +
  SESSION_ONLY;

// Module load failures: keytar's own loader message, a failed dlopen of the addon (on
// Linux usually libsecret-1.so.0), or the package missing entirely.
const LOAD_FAILED =
  /Failed to load keytar native addon|libsecret|ERR_DLOPEN_FAILED|cannot open shared object|Cannot find (module|package) ['"]@github\/keytar/i;
// No session bus (no $DISPLAY to autolaunch one, or a dead socket) or no Secret Service
// on it (nothing provides org.freedesktop.secrets).
const NO_SECRET_SERVICE =
  /Cannot autolaunch D-Bus|Could not connect|Failed to connect to socket|DBUS_SESSION_BUS_ADDRESS|org\.freedesktop\.secrets was not provided|not provided by any \.service files|ServiceUnknown|NoServer|Connection refused/i;
// The login collection is absent or locked and no prompt could unlock it (headless).
const LOCKED = /Object does not exist at path|collection\/login|locked|IsLocked|prompt/i;
const DECLINED = /cancel|denied|not allowed|interaction is not allowed/i;

function causeOf(err: unknown): string {
  if (err instanceof Error) return err.message.slice(0, 500);
  return String(err).slice(0, 500);
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Turns whatever keytar threw into a reason and a platform-specific fix. Pure. */
export function describeKeychainFailure(err: unknown, platform: NodeJS.Platform): KeychainFailure {
  const cause = causeOf(err);
  const text = `${codeOf(err)} ${cause}`;
  const failure = (reason: KeychainFailureReason, message: string): KeychainFailure => ({
    reason,
    message,
    platform,
    cause,
  });

  if (LOAD_FAILED.test(text) || codeOf(err) === 'MODULE_NOT_FOUND') {
    return platform === 'darwin' || platform === 'win32'
      ? failure('library-missing', MODULE_MISSING_FIX)
      : failure('library-missing', LINUX_LIBSECRET_FIX);
  }
  if (platform === 'darwin') {
    if (/cancel/i.test(cause)) return failure('denied', MACOS_DENIED_FIX);
    return failure(DECLINED.test(cause) ? 'denied' : 'locked', MACOS_FIX);
  }
  if (platform === 'win32') {
    // keytar surfaces CRED_MAX_CREDENTIAL_BLOB_SIZE overflows as this RPC message.
    if (/stub received bad data/i.test(cause)) return failure('too-large', WINDOWS_TOO_LARGE_FIX);
    return failure(DECLINED.test(cause) ? 'denied' : 'unknown', WINDOWS_FIX);
  }
  // Linux and the BSDs talk to the Secret Service over D-Bus.
  if (NO_SECRET_SERVICE.test(cause)) return failure('no-secret-service', LINUX_SECRET_SERVICE_FIX);
  if (LOCKED.test(cause)) return failure('locked', LINUX_SECRET_SERVICE_FIX);
  return failure('unknown', LINUX_UNKNOWN_FIX);
}

/** The `keychain_unavailable` AppError for a keychain failure; AppErrors pass through. */
export function keychainError(err: unknown, platform: NodeJS.Platform): AppError {
  if (isAppError(err)) return err;
  const { reason, message, cause } = describeKeychainFailure(err, platform);
  return new AppError('keychain_unavailable', message, { platform, cause, reason });
}

async function importKeytar(): Promise<KeytarModule> {
  // Loaded lazily: a missing libsecret must fail the first keychain call with a clear
  // message, not crash start-up. keytar is CommonJS, so its API may sit on `default`.
  const mod = (await import('@github/keytar')) as unknown as KeytarModule & {
    default?: KeytarModule;
  };
  return mod.default ?? mod;
}

export function createKeytarStore(
  keytarModule?: KeytarModule | KeytarLoader,
  options: KeytarStoreOptions = {},
): SecretStore {
  const platform = options.platform ?? process.platform;
  const service = options.service ?? KEYCHAIN_SERVICE;
  const load: KeytarLoader =
    typeof keytarModule === 'function'
      ? keytarModule
      : keytarModule
        ? async () => keytarModule
        : importKeytar;
  let loaded: Promise<KeytarModule> | undefined;

  function keytar(): Promise<KeytarModule> {
    loaded ??= load().catch((err: unknown) => {
      // Forget the failure so a later call can retry once the operator has fixed it.
      loaded = undefined;
      throw err;
    });
    return loaded;
  }

  async function call<T>(op: (k: KeytarModule) => Promise<T>): Promise<T> {
    try {
      return await op(await keytar());
    } catch (err) {
      throw keychainError(err, platform);
    }
  }

  async function list(connectionId: string): Promise<SecretKind[]> {
    assertConnectionId(connectionId);
    const found = await call((k) => k.findCredentials(service));
    const kinds: SecretKind[] = [];
    for (const { account } of found) {
      const ref = parseAccount(account);
      if (ref?.connectionId === connectionId) kinds.push(ref.kind);
    }
    return sortKinds(kinds);
  }

  return {
    storage: 'keychain',

    get(ref: SecretRef) {
      const account = accountFor(ref);
      return call((k) => k.getPassword(service, account));
    },

    async set(ref: SecretRef, value: string) {
      const account = accountFor(ref);
      assertSecretValue(value);
      await call((k) => k.setPassword(service, account, value));
    },

    delete(ref: SecretRef) {
      const account = accountFor(ref);
      return call((k) => k.deletePassword(service, account));
    },

    async deleteAll(connectionId: string) {
      let deleted = 0;
      for (const kind of await list(connectionId)) {
        const account = accountFor({ connectionId, kind });
        if (await call((k) => k.deletePassword(service, account))) deleted += 1;
      }
      return deleted;
    },

    list,
  };
}

/** Reserved connection id of the probe secret; no real connection should use it. */
export const PROBE_CONNECTION_ID = '__keychain-probe__';

function probeMessage(err: unknown): string {
  return isAppError(err) ? err.message : describeKeychainFailure(err, process.platform).message;
}

/**
 * Whether the keychain really works: a set, get and delete of a throwaway secret. Reading
 * alone is not enough, because a locked GNOME keyring answers reads with "nothing
 * stored" and fails only on writes.
 */
export async function probeKeychain(store: SecretStore): Promise<KeychainProbe> {
  const ref: SecretRef = { connectionId: PROBE_CONNECTION_ID, kind: 'token' };
  const value = `probe-${randomUUID()}`;
  try {
    await store.set(ref, value);
    const back = await store.get(ref);
    const deleted = await store.delete(ref);
    if (back !== value || !deleted) {
      return {
        available: false,
        message:
          'The system keychain did not give back the secret it was given. Check the keychain ' +
          'app for errors, then try again — ' +
          SESSION_ONLY,
      };
    }
    return { available: true };
  } catch (err) {
    // Best effort: if the write half-worked, do not leave the probe behind. The probe's
    // answer already reports the failure, so a second failure here adds nothing.
    await store.delete(ref).catch(() => false);
    return { available: false, message: probeMessage(err) };
  }
}
