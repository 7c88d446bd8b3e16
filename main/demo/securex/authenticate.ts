import { adminById } from './admins';
import type { SsxMiddleware } from './context';
import { SsxError } from './errors';
import { isActive } from './session-store';
import { bearerChallenge } from './session-tokens';

function unauthenticated(message: string, tokenPresented: boolean): SsxError {
  return new SsxError(401, 'unauthenticated', message, {
    headers: bearerChallenge(tokenPresented),
  });
}

/**
 * `Authorization: Bearer <jwt>` on every non-public route. A valid signature is not enough:
 * the session row is checked on every request, so logout and revoke take effect at once
 * rather than at JWT expiry.
 */
export const authenticate: SsxMiddleware = async (ctx, next) => {
  if (ctx.route?.public) return next();
  const header = ctx.headers.authorization;
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) {
    throw unauthenticated(
      header
        ? 'The Authorization header must be "Bearer <token>".'
        : 'Missing Authorization header; sign in with POST /api/admin/login and send "Authorization: Bearer <token>".',
      header !== undefined,
    );
  }
  const nowMs = ctx.tenant.now();
  const claims = await ctx.tenant.tokens.verify(match[1] as string, nowMs);
  const session = ctx.tenant.sessions.get(claims.sid);
  const admin = adminById(claims.sub);
  if (!session || !admin || session.adminId !== admin.id) {
    throw unauthenticated(
      'This session no longer exists (was the demo reset?); sign in again.',
      true,
    );
  }
  if (session.revokedAtMs !== null) {
    throw new SsxError(401, 'session_revoked', 'This session was revoked; sign in again.', {
      headers: bearerChallenge(true),
    });
  }
  if (!isActive(session, nowMs)) {
    throw new SsxError(401, 'session_expired', 'This session has expired; sign in again.', {
      headers: bearerChallenge(true),
    });
  }
  if (admin.locked) throw unauthenticated('This admin account is locked.', true);
  ctx.tenant.sessions.touch(session, nowMs);
  ctx.auth = { admin, session };
  return next();
};
