import { randomBytes } from 'node:crypto';
import { AppError } from '../errors';
import { fingerprint } from '../secrets/secret-store';
import type { FoundCredential } from './curl-import';

/**
 * Credentials found in a pasted cURL command wait here, in main's memory, for
 * the operator to decide: `take` moves one into the keychain (once), and
 * after five minutes it is forgotten. The renderer only ever holds the
 * one-time reference, so the value never travels back to it.
 */
export const PENDING_CREDENTIAL_TTL_MS = 5 * 60 * 1000;
const MAX_PENDING = 20;

export interface PendingCredential {
  kind: FoundCredential['kind'];
  scheme?: string;
  username?: string;
  value: string;
  expiresAt: number;
}

export class PendingCredentials {
  private readonly items = new Map<string, PendingCredential>();

  constructor(
    private readonly now: () => number = Date.now,
    /** Told about every value held, so the redactor can keep it out of every answer and log. */
    private readonly onSecret?: (credential: FoundCredential & { value: string }) => void,
  ) {}

  private prune(): void {
    const now = this.now();
    for (const [ref, c] of this.items) if (c.expiresAt <= now) this.items.delete(ref);
    while (this.items.size >= MAX_PENDING) this.items.delete(this.items.keys().next().value!);
  }

  /** Keeps the value and answers the reference and fingerprint the renderer may see. */
  hold(credential: FoundCredential & { value: string }): {
    credentialRef: string;
    fingerprint: string;
  } {
    this.prune();
    this.onSecret?.(credential);
    const credentialRef = `cred_${randomBytes(16).toString('hex')}`;
    this.items.set(credentialRef, {
      kind: credential.kind,
      ...(credential.scheme ? { scheme: credential.scheme } : {}),
      ...(credential.username ? { username: credential.username } : {}),
      value: credential.value,
      expiresAt: this.now() + PENDING_CREDENTIAL_TTL_MS,
    });
    return { credentialRef, fingerprint: fingerprint(credential.value) };
  }

  /** Hands the credential over once; later calls (or after five minutes) fail. */
  take(credentialRef: string): PendingCredential {
    this.prune();
    const c = this.items.get(credentialRef);
    this.items.delete(credentialRef);
    if (!c) {
      throw new AppError(
        'credential_expired',
        'The credential from the pasted command is no longer held (it is kept for five minutes and used once). Paste the command again, or type the credential in the connection.',
      );
    }
    return c;
  }

  discard(credentialRef: string): boolean {
    return this.items.delete(credentialRef);
  }
}
