import { createHash, timingSafeEqual } from 'node:crypto';
import type { SsxRole } from '../../core/ssx/permissions';

export interface DemoSsxAdminCredentials {
  username: string;
  password: string;
  role: SsxRole;
  locked?: boolean;
}

/**
 * Accounts the demo tenant accepts. The passwords are public constants: they only open a
 * server bound to 127.0.0.1.
 */
export const DEMO_SSX_ADMINS: ReadonlyArray<DemoSsxAdminCredentials> = Object.freeze([
  { username: 'admin', password: 'demo-admin-password', role: 'administrator' },
  { username: 'operator', password: 'demo-operator-password', role: 'operator' },
  { username: 'auditor', password: 'demo-auditor-password', role: 'auditor' },
  { username: 'locked', password: 'demo-locked-password', role: 'operator', locked: true },
]);

/** An admin account as the server knows it (never serialised with its password). */
export interface SsxAdminAccount {
  id: string;
  username: string;
  displayName: string;
  role: SsxRole;
  locked: boolean;
}

/** Fixed ids and names, so screenshots, request logs and tests stay stable across runs. */
const PROFILES: Record<string, { id: string; displayName: string }> = {
  admin: { id: 'adm_0001', displayName: 'Avery Administrator' },
  operator: { id: 'adm_0002', displayName: 'Oakley Operator' },
  auditor: { id: 'adm_0003', displayName: 'Aubrey Auditor' },
  locked: { id: 'adm_0004', displayName: 'Logan Locked' },
};

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

interface StoredAdmin {
  account: SsxAdminAccount;
  passwordDigest: Buffer;
}

const STORED: ReadonlyMap<string, StoredAdmin> = new Map(
  DEMO_SSX_ADMINS.map((a, index) => {
    const profile = PROFILES[a.username] ?? {
      id: `adm_${String(index + 1).padStart(4, '0')}`,
      displayName: a.username,
    };
    const account: SsxAdminAccount = {
      ...profile,
      username: a.username,
      role: a.role,
      locked: a.locked === true,
    };
    return [a.username, { account, passwordDigest: digest(a.password) }];
  }),
);

/** A digest that matches no password, so unknown usernames cost the same comparison. */
const NO_MATCH = digest('\u0000no-such-admin');

export type CredentialCheck =
  | { kind: 'ok'; admin: SsxAdminAccount }
  | { kind: 'locked'; admin: SsxAdminAccount }
  | { kind: 'invalid' };

/**
 * Compares digests in constant time. A locked account is only reported as locked to
 * someone who knows its password; a wrong password never reveals the lock.
 */
export function checkCredentials(username: string, password: string): CredentialCheck {
  const stored = STORED.get(username);
  const matches = timingSafeEqual(stored?.passwordDigest ?? NO_MATCH, digest(password));
  if (!stored || !matches) return { kind: 'invalid' };
  return stored.account.locked
    ? { kind: 'locked', admin: stored.account }
    : { kind: 'ok', admin: stored.account };
}

export function adminByUsername(username: string): SsxAdminAccount | undefined {
  return STORED.get(username)?.account;
}

export function adminById(id: string): SsxAdminAccount | undefined {
  for (const { account } of STORED.values()) if (account.id === id) return account;
  return undefined;
}
