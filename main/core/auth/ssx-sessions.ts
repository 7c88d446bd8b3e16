import {
  SsxAdminSchema,
  SsxSessionSchema,
  type SsxAdmin,
  type SsxSession,
} from '../../../preload/contract';
import { AppError } from '../errors';
import type { Credentials, HttpEngine } from '../http/engine';
import { callJson, serverMessage, type JsonAnswer } from '../http/call-json';
import type { TransportOptions } from '../http/transport-options';
import type { SecretVault } from '../secrets/secret-vault';

export interface SsxSessionState {
  token: string;
  sessionId: string;
  admin: SsxAdmin;
  expiresAt: string;
  remembered: boolean;
}

/** Where a Sentinel Secure X connection lives, as the session manager needs it. */
export interface SsxTarget {
  connectionId: string;
  baseUrl: string;
  transport: TransportOptions;
  timeoutMs?: number;
}

const REMEMBERED = 'session' as const;

/**
 * Sentinel Secure X admin sessions: the JWT lives in main's memory (or, when
 * the operator asked to be remembered, in the keychain until it expires). A
 * 401 from the server forgets the session and asks the operator to sign in.
 */
export class SsxSessions {
  private readonly sessions = new Map<string, SsxSessionState>();

  constructor(
    private readonly engine: HttpEngine,
    private readonly vault: SecretVault,
    private readonly onSecret: (value: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  private url(target: SsxTarget, path: string): URL {
    return new URL(path, target.baseUrl.replace(/\/*$/, '/'));
  }

  credentials(target: SsxTarget, token: string): Credentials {
    return {
      origin: new URL(target.baseUrl).origin,
      headers: [['Authorization', `Bearer ${token}`]],
    };
  }

  /** The live session, from memory or the keychain, or undefined when signed out or expired. */
  async current(target: SsxTarget): Promise<SsxSessionState | undefined> {
    let state = this.sessions.get(target.connectionId);
    if (!state) {
      const stored = await this.vault
        .get({ connectionId: target.connectionId, kind: REMEMBERED })
        .catch(() => null);
      if (stored) {
        try {
          state = JSON.parse(stored) as SsxSessionState;
          this.onSecret(state.token);
          this.sessions.set(target.connectionId, state);
        } catch {
          state = undefined;
        }
      }
    }
    if (state && Date.parse(state.expiresAt) <= this.now()) {
      await this.forget(target.connectionId);
      return undefined;
    }
    return state;
  }

  async forget(connectionId: string): Promise<void> {
    this.sessions.delete(connectionId);
    await this.vault.delete({ connectionId, kind: REMEMBERED }).catch(() => undefined);
  }

  async login(
    target: SsxTarget,
    username: string,
    password: string,
    remember: boolean,
  ): Promise<SsxSessionState> {
    this.onSecret(password);
    const answer = await callJson(this.engine, {
      method: 'POST',
      url: this.loginUrl(target),
      body: { username, password },
      transport: target.transport,
      timeoutMs: target.timeoutMs,
    });
    if (answer.status !== 200) {
      throw new AppError(
        'auth_failed',
        `Sign-in refused (HTTP ${answer.status}): ${serverMessage(answer.json) ?? 'no reason given'}.`,
        { status: answer.status, server: answer.json },
      );
    }
    const body = answer.json as {
      token?: unknown;
      session?: { id?: string; expiresAt?: string };
      admin?: unknown;
    };
    const admin = SsxAdminSchema.safeParse(body?.admin);
    if (
      typeof body?.token !== 'string' ||
      !body.session?.id ||
      !body.session.expiresAt ||
      !admin.success
    ) {
      throw new AppError('auth_failed', 'The server answered the sign-in with an unexpected body.');
    }
    this.onSecret(body.token);
    const state: SsxSessionState = {
      token: body.token,
      sessionId: body.session.id,
      admin: admin.data,
      expiresAt: body.session.expiresAt,
      remembered: remember,
    };
    this.sessions.set(target.connectionId, state);
    if (remember) {
      await this.vault.set(
        { connectionId: target.connectionId, kind: REMEMBERED },
        JSON.stringify(state),
        'keychain',
      );
    }
    return state;
  }

  /** An authenticated call; a 401 forgets the session and becomes `auth_required`. */
  async call(target: SsxTarget, method: 'GET' | 'POST', path: string): Promise<JsonAnswer> {
    const state = await this.current(target);
    if (!state) throw authRequired();
    const answer = await callJson(this.engine, {
      method,
      url: this.url(target, path),
      credentials: this.credentials(target, state.token),
      transport: target.transport,
      timeoutMs: target.timeoutMs,
    });
    if (answer.status === 401) {
      await this.forget(target.connectionId);
      throw authRequired(serverMessage(answer.json));
    }
    if (answer.status >= 400) {
      throw new AppError(
        answer.status === 403 ? 'auth_failed' : 'internal',
        `Sentinel Secure X refused ${method} ${path} (HTTP ${answer.status}): ${serverMessage(answer.json) ?? 'no reason given'}.`,
        { status: answer.status, server: answer.json },
      );
    }
    return answer;
  }

  async me(target: SsxTarget): Promise<SsxAdmin> {
    const answer = await this.call(target, 'GET', 'api/admin/me');
    const admin = SsxAdminSchema.parse((answer.json as { admin?: unknown }).admin);
    const state = this.sessions.get(target.connectionId);
    if (state) state.admin = admin;
    return admin;
  }

  async list(target: SsxTarget): Promise<SsxSession[]> {
    const answer = await this.call(target, 'GET', 'api/admin/sessions');
    return SsxSessionSchema.array().parse((answer.json as { sessions?: unknown }).sessions ?? []);
  }

  loginUrl(target: SsxTarget): URL {
    return this.url(target, 'api/admin/login');
  }

  logoutUrl(target: SsxTarget): URL {
    return this.url(target, 'api/admin/logout');
  }

  revokeUrl(target: SsxTarget, sessionId: string): URL {
    return this.url(target, `api/admin/sessions/${encodeURIComponent(sessionId)}/revoke`);
  }

  async revoke(target: SsxTarget, sessionId: string): Promise<boolean> {
    const answer = await this.call(
      target,
      'POST',
      `api/admin/sessions/${encodeURIComponent(sessionId)}/revoke`,
    );
    const state = this.sessions.get(target.connectionId);
    if (state?.sessionId === sessionId) await this.forget(target.connectionId);
    return (answer.json as { revoked?: boolean }).revoked === true;
  }

  async logout(target: SsxTarget): Promise<boolean> {
    try {
      await this.call(target, 'POST', 'api/admin/logout');
    } catch (err) {
      // Already expired or revoked: signed out either way.
      if (!(err instanceof AppError && err.code === 'auth_required')) throw err;
    }
    await this.forget(target.connectionId);
    return true;
  }
}

export function authRequired(detail?: string): AppError {
  return new AppError(
    'auth_required',
    `Your Sentinel Secure X session has expired or was revoked${detail ? ` (${detail})` : ''}. Sign in again; the request will be retried.`,
  );
}
