import type { SsxAdminAccount } from './admins';
import { MAX_SESSION_TTL_SECONDS } from './constants';
import { SessionStore, type SessionOrigin, type SsxSession } from './session-store';
import { SessionTokens } from './session-tokens';

/**
 * The tenant's in-memory state. Later route groups (devices, commands, integrations, …)
 * add their own stores here and clear them in `reset()`.
 */
export class SecureXState {
  readonly sessions = new SessionStore();
  readonly tokens = new SessionTokens();
  private ttlSeconds: number;

  constructor(
    /** Milliseconds since the epoch; tests inject a clock they advance by hand. */
    readonly now: () => number,
    private readonly defaultTtlSeconds: number,
  ) {
    assertTtl(defaultTtlSeconds);
    this.ttlSeconds = defaultTtlSeconds;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  get sessionTtlSeconds(): number {
    return this.ttlSeconds;
  }

  /** Applies to sessions issued from now on; existing tokens keep the `exp` they carry. */
  setSessionTtl(seconds: number): void {
    assertTtl(seconds);
    this.ttlSeconds = seconds;
  }

  async issueSession(
    admin: SsxAdminAccount,
    origin: SessionOrigin,
  ): Promise<{ token: string; session: SsxSession }> {
    const nowMs = this.now();
    const iat = Math.floor(nowMs / 1000);
    const exp = iat + this.ttlSeconds;
    const session = this.sessions.create(admin.id, origin, {
      createdAtMs: nowMs,
      expiresAtMs: exp * 1000,
    });
    const token = await this.tokens.sign({
      sub: admin.id,
      sid: session.id,
      role: admin.role,
      iat,
      exp,
    });
    return { token, session };
  }

  /** Drops every session and restores the configured TTL; the request log is kept. */
  reset(): void {
    this.sessions.clear();
    this.ttlSeconds = this.defaultTtlSeconds;
  }
}

export function assertTtl(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_SESSION_TTL_SECONDS) {
    throw new RangeError(
      `Session TTL must be a whole number of seconds from 1 to ${MAX_SESSION_TTL_SECONDS} (got ${seconds}).`,
    );
  }
}
