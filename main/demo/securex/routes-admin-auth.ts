import { z } from 'zod';
import { checkCredentials, type SsxAdminAccount } from './admins';
import { requireAuth, type SsxContext } from './context';
import { jsonResult, SsxError } from './errors';
import { permissionsFor } from '../../core/ssx/permissions';
import type { SsxRouteTable } from './route-table';
import type { SessionOrigin } from './session-store';
import { parseBody } from './validation';

/** The admin as GET /api/admin/me and the login response show it. */
export function adminView(admin: SsxAdminAccount) {
  return {
    id: admin.id,
    username: admin.username,
    displayName: admin.displayName,
    role: admin.role,
    roles: [admin.role],
    permissions: permissionsFor(admin.role),
  };
}

const LoginBody = z.object({
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(1024),
});

/** Where a sign-in came from, as the sessions list shows it. */
export function requestOrigin(ctx: SsxContext): SessionOrigin {
  const ua = ctx.headers['user-agent'];
  const remote = ctx.req.socket.remoteAddress ?? null;
  return {
    userAgent: typeof ua === 'string' && ua !== '' ? ua.slice(0, 512) : null,
    ip: remote?.startsWith('::ffff:') ? remote.slice(7) : remote,
  };
}

async function login(ctx: SsxContext) {
  const { username, password } = parseBody(LoginBody, ctx.body);
  const check = checkCredentials(username, password);
  if (check.kind === 'invalid') {
    throw new SsxError(401, 'invalid_credentials', 'Unknown username or wrong password.');
  }
  if (check.kind === 'locked') {
    throw new SsxError(
      423,
      'account_locked',
      'This admin account is locked; another administrator must unlock it.',
    );
  }
  const { token, session } = await ctx.tenant.issueSession(check.admin, requestOrigin(ctx));
  ctx.auth = { admin: check.admin, session };
  const view = {
    id: session.id,
    createdAt: new Date(session.createdAtMs).toISOString(),
    expiresAt: new Date(session.expiresAtMs).toISOString(),
    userAgent: session.userAgent,
    ip: session.ip,
  };
  return jsonResult({ token, session: view, admin: adminView(check.admin) });
}

function me(ctx: SsxContext) {
  return jsonResult({ admin: adminView(requireAuth(ctx).admin) });
}

/** Ending your own session needs no permission: every role may sign out. */
function logout(ctx: SsxContext) {
  const { session } = requireAuth(ctx);
  ctx.tenant.sessions.revoke(session, ctx.tenant.now());
  return jsonResult({ revoked: true });
}

/**
 * Password sign-in, the current admin, and logout. The route map's passkey routes
 * (`/api/admin/passkeys/authenticate/options|verify`) belong here once built.
 */
export function registerAdminAuthRoutes(routes: SsxRouteTable): void {
  routes
    .post('/api/admin/login', login, { public: true })
    .get('/api/admin/me', me)
    .post('/api/admin/logout', logout);
}
