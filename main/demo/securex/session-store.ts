import { randomBytes } from 'node:crypto';

/** One admin sign-in. The JWT is only a pointer to this row: revocation is checked here. */
export interface SsxSession {
  id: string;
  adminId: string;
  createdAtMs: number;
  /** Equal to the JWT `exp` claim × 1000. */
  expiresAtMs: number;
  lastSeenAtMs: number;
  userAgent: string | null;
  ip: string | null;
  revokedAtMs: number | null;
}

export interface SessionOrigin {
  userAgent: string | null;
  ip: string | null;
}

/** How sessions appear in responses; `current` only where the caller's own list is shown. */
export interface SsxSessionView {
  id: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
  revokedAt?: string;
}

/** Inactive rows kept before pruning, so a scripted login loop cannot grow memory forever. */
const PRUNE_ABOVE = 5_000;

const iso = (ms: number) => new Date(ms).toISOString();

export function isActive(session: SsxSession, nowMs: number): boolean {
  return session.revokedAtMs === null && nowMs < session.expiresAtMs;
}

export function sessionView(session: SsxSession, currentId: string | null): SsxSessionView {
  const view: SsxSessionView = {
    id: session.id,
    createdAt: iso(session.createdAtMs),
    expiresAt: iso(session.expiresAtMs),
    lastSeenAt: iso(session.lastSeenAtMs),
    userAgent: session.userAgent,
    ip: session.ip,
    current: session.id === currentId,
  };
  if (session.revokedAtMs !== null) view.revokedAt = iso(session.revokedAtMs);
  return view;
}

/** The server-side session table. */
export class SessionStore {
  private readonly sessions = new Map<string, SsxSession>();

  create(
    adminId: string,
    origin: SessionOrigin,
    times: { createdAtMs: number; expiresAtMs: number },
  ): SsxSession {
    if (this.sessions.size >= PRUNE_ABOVE) this.prune(times.createdAtMs);
    // Unguessable: a session id is what the revoke route takes.
    const id = `ses_${randomBytes(12).toString('base64url')}`;
    const session: SsxSession = {
      id,
      adminId,
      ...times,
      lastSeenAtMs: times.createdAtMs,
      userAgent: origin.userAgent,
      ip: origin.ip,
      revokedAtMs: null,
    };
    this.sessions.set(id, session);
    return session;
  }

  get(id: string): SsxSession | undefined {
    return this.sessions.get(id);
  }

  /** The admin's unrevoked, unexpired sessions, newest first. */
  activeFor(adminId: string, nowMs: number): SsxSession[] {
    return [...this.sessions.values()]
      .filter((s) => s.adminId === adminId && isActive(s, nowMs))
      .sort((a, b) => b.createdAtMs - a.createdAtMs);
  }

  touch(session: SsxSession, nowMs: number): void {
    session.lastSeenAtMs = Math.max(session.lastSeenAtMs, nowMs);
  }

  revoke(session: SsxSession, nowMs: number): void {
    session.revokedAtMs ??= nowMs;
  }

  clear(): void {
    this.sessions.clear();
  }

  private prune(nowMs: number): void {
    for (const [id, s] of this.sessions) if (!isActive(s, nowMs)) this.sessions.delete(id);
  }
}
