/**
 * Where connection secrets live, as an interface with injected implementations: the OS
 * keychain (`keytar-store.ts`) for the product and an in-memory store
 * (`memory-store.ts`) for session-only secrets and for tests. `secret-vault.ts`
 * combines the two. Nothing here ever writes a secret to a file.
 */
import { createHash } from 'node:crypto';
import type { SecretKindName } from '../../../preload/contract';
import { AppError } from '../errors';

export type SecretKind = 'token' | 'password' | 'client-secret' | 'session' | 'passphrase';

/** Every kind, in the order the UI lists them. */
export const SECRET_KINDS: readonly SecretKind[] = Object.freeze([
  'token',
  'password',
  'client-secret',
  'session',
  'passphrase',
]);

// The contract declares the same kinds for the renderer; fail the type check if they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const kindsMatchContract: Same<SecretKind, SecretKindName> = true;
void kindsMatchContract;

export interface SecretRef {
  connectionId: string;
  kind: SecretKind;
}

export type SecretStorage = 'keychain' | 'session';

export interface SecretStore {
  readonly storage: SecretStorage;
  get(ref: SecretRef): Promise<string | null>;
  set(ref: SecretRef, value: string): Promise<void>;
  delete(ref: SecretRef): Promise<boolean>;
  /** Every secret of one connection, for deleting a connection. */
  deleteAll(connectionId: string): Promise<number>;
  /** Which kinds this store holds for a connection (never the values). */
  list(connectionId: string): Promise<SecretKind[]>;
}

/** The keychain "service" every secret of the console is filed under. */
export const KEYCHAIN_SERVICE = 'Sentinel Operator Console';

/** The largest secret we accept; the same bound as the `secrets:set` channel. */
export const MAX_SECRET_LENGTH = 65_536;

const CONNECTION_ID = /^[A-Za-z0-9_-]{1,100}$/;

export function isSecretKind(value: unknown): value is SecretKind {
  return typeof value === 'string' && (SECRET_KINDS as readonly string[]).includes(value);
}

export function assertConnectionId(connectionId: string): void {
  // The id becomes part of a keychain account name and of the prefix `list` matches on,
  // so a `:` or an empty id would let one connection see another's secrets.
  if (typeof connectionId !== 'string' || !CONNECTION_ID.test(connectionId)) {
    throw new AppError('invalid_input', 'A connection id is 1–100 letters, digits, "-" or "_".', {
      connectionId: String(connectionId).slice(0, 120),
    });
  }
}

/** The keychain account name of one secret: `<connectionId>:<kind>`. */
export function accountFor(ref: SecretRef): string {
  assertConnectionId(ref.connectionId);
  if (!isSecretKind(ref.kind)) {
    throw new AppError('invalid_input', `"${String(ref.kind)}" is not a kind of secret.`);
  }
  return `${ref.connectionId}:${ref.kind}`;
}

/** The inverse of `accountFor`, or undefined for an account that is not one of ours. */
export function parseAccount(account: string): SecretRef | undefined {
  const colon = account.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const connectionId = account.slice(0, colon);
  const kind = account.slice(colon + 1);
  if (!CONNECTION_ID.test(connectionId) || !isSecretKind(kind)) return undefined;
  return { connectionId, kind };
}

export function assertSecretValue(value: string): void {
  // keytar rejects an empty password with a bare "Password is required."; say it plainly.
  if (typeof value !== 'string' || value.length === 0) {
    throw new AppError('invalid_input', 'The secret is empty. Paste the value and try again.');
  }
  if (value.length > MAX_SECRET_LENGTH) {
    throw new AppError(
      'invalid_input',
      `The secret is longer than ${MAX_SECRET_LENGTH} characters; check that you pasted only the secret.`,
    );
  }
}

// A fixed app-specific prefix so a fingerprint cannot be looked up in a table of plain
// SHA-256 hashes of common tokens, and matches only within this app.
const FINGERPRINT_PREFIX = 'sentinel-operator-console/secret-fingerprint/v1\u0000';

/** A short, non-reversible tag that lets the operator tell two secrets apart. */
export function fingerprint(value: string): string {
  return createHash('sha256')
    .update(FINGERPRINT_PREFIX + value, 'utf8')
    .digest('hex')
    .slice(0, 8);
}

/** Kinds in `SECRET_KINDS` order without duplicates, so lists compare in tests and UI. */
export function sortKinds(kinds: Iterable<SecretKind>): SecretKind[] {
  const set = new Set(kinds);
  return SECRET_KINDS.filter((k) => set.has(k));
}
