import { requireAuth, type SsxContext } from './context';
import { forbidden, jsonResult, notFound, SsxError } from './errors';
import { hasPermission } from '../../core/ssx/permissions';
import type { SsxRouteTable } from './route-table';
import { sessionView } from './session-store';

function listSessions(ctx: SsxContext) {
  const { admin, session: current } = requireAuth(ctx);
  const sessions = ctx.tenant.sessions.activeFor(admin.id, ctx.tenant.now());
  return jsonResult({ sessions: sessions.map((s) => sessionView(s, current.id)) });
}

/**
 * Revokes one of the caller's own sessions before its JWT expires. The calling session
 * is always allowed (it is a logout); any other needs `sessions:revoke`, checked before
 * the lookup so a role without it cannot probe which ids exist. Other admins' sessions
 * are reported as not found, never as forbidden.
 */
function revokeSession(ctx: SsxContext) {
  const { admin, session: current } = requireAuth(ctx);
  const targetId = ctx.params.sessionId ?? '';
  if (targetId !== current.id && !hasPermission(admin.role, 'sessions:revoke')) {
    throw forbidden('sessions:revoke');
  }
  const target = ctx.tenant.sessions.get(targetId);
  if (!target || target.adminId !== admin.id) {
    throw notFound('No session with this id belongs to your admin account.');
  }
  const nowMs = ctx.tenant.now();
  if (target.revokedAtMs !== null) {
    throw new SsxError(409, 'already_revoked', 'This session was already revoked.', {
      details: { revokedAt: new Date(target.revokedAtMs).toISOString() },
    });
  }
  if (nowMs >= target.expiresAtMs) {
    throw new SsxError(409, 'already_expired', 'This session already expired; nothing to revoke.', {
      details: { expiresAt: new Date(target.expiresAtMs).toISOString() },
    });
  }
  ctx.tenant.sessions.revoke(target, nowMs);
  return jsonResult({ revoked: true, session: sessionView(target, current.id) });
}

export function registerAdminSessionRoutes(routes: SsxRouteTable): void {
  routes
    .get('/api/admin/sessions', listSessions, { permission: 'sessions:read' })
    .post('/api/admin/sessions/:sessionId/revoke', revokeSession);
}
