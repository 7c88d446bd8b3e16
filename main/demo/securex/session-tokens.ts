import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { SSX_AUTH_REALM } from './constants';
import { SsxError } from './errors';
import type { SsxRole } from '../../core/ssx/permissions';

export interface SsxSessionClaims {
  /** Admin id. */
  sub: string;
  /** Session id: the row in the session table this token stands for. */
  sid: string;
  role: SsxRole;
  iat: number;
  exp: number;
}

const ALG = 'HS256';

/** RFC 6750 challenge; `error="invalid_token"` once a token was actually presented. */
export function bearerChallenge(tokenPresented: boolean): Record<string, string> {
  const value = tokenPresented
    ? `Bearer realm="${SSX_AUTH_REALM}", error="invalid_token"`
    : `Bearer realm="${SSX_AUTH_REALM}"`;
  return { 'WWW-Authenticate': value };
}

function rejected(code: 'unauthenticated' | 'session_expired', message: string): SsxError {
  return new SsxError(401, code, message, { headers: bearerChallenge(true) });
}

/**
 * Signs and verifies admin session JWTs with a secret drawn per server start, so a token
 * from one demo run (or from a real tenant) never opens another.
 */
export class SessionTokens {
  private readonly secret: Uint8Array = randomBytes(32);

  sign(claims: SsxSessionClaims): Promise<string> {
    return new SignJWT({ sid: claims.sid, role: claims.role })
      .setProtectedHeader({ alg: ALG, typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuedAt(claims.iat)
      .setExpirationTime(claims.exp)
      .sign(this.secret);
  }

  /** Signature first, then expiry against the tenant's (injectable) clock. */
  async verify(token: string, nowMs: number): Promise<SsxSessionClaims> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.secret, {
        algorithms: [ALG],
        currentDate: new Date(nowMs),
        requiredClaims: ['sub', 'sid', 'iat', 'exp'],
      }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) {
        throw rejected('session_expired', 'This session has expired; sign in again.');
      }
      throw rejected(
        'unauthenticated',
        'The bearer token is not a valid session token; sign in with POST /api/admin/login.',
      );
    }
    const { sub, sid, role, iat, exp } = payload;
    if (
      typeof sub !== 'string' ||
      typeof sid !== 'string' ||
      typeof role !== 'string' ||
      typeof iat !== 'number' ||
      typeof exp !== 'number'
    ) {
      throw rejected('unauthenticated', 'The bearer token is missing session claims.');
    }
    return { sub, sid, role: role as SsxRole, iat, exp };
  }
}
