import { withAudit } from './audit/audit-trail';
import type { Handlers } from './dispatch';
import { AppError } from './errors';
import type { HandlerDeps } from './handlers';
import { ssxRouteFor } from './ssx/route-permissions';

type SsxChannel =
  'ssx:login' | 'ssx:me' | 'ssx:sessions' | 'ssx:revoke' | 'ssx:permission' | 'ssx:logout';

/**
 * Sentinel Secure X admin sessions: sign-in (with an opted-in saved password),
 * the admin's roles, sessions and their revocation (guarded like any change),
 * and which permission a route needs. Every change lands in the audit log.
 */
export function ssxHandlers(d: HandlerDeps): Pick<Handlers, SsxChannel> {
  const { connections, vault, ssx } = d;

  async function savedPassword(connectionId: string, demo: boolean): Promise<string> {
    const saved = demo ? null : await vault.get({ connectionId, kind: 'password' });
    if (!saved) {
      throw new AppError(
        'secret_missing',
        'No password is saved for this connection. Type it (and tick "Save password" to keep it in the keychain).',
      );
    }
    return saved;
  }

  return {
    'ssx:login': async (input) => {
      const { connectionId, username, remember, savePassword, useSavedPassword } = input;
      const demo = (await connections.summary(connectionId)).demo;
      const password = useSavedPassword
        ? await savedPassword(connectionId, demo)
        : (input.password as string);
      const target = await connections.ssxTargetFor(connectionId);
      const login = () => ssx.login(target, username, password, remember);
      const audited = withAudit(
        d.audit,
        d.now,
        {
          connection: { ...(await connections.summary(connectionId)), session: undefined },
          actor: username,
          method: 'POST',
          url: ssx.loginUrl(target).href,
        },
        login,
        () => 200,
      );
      const state = await audited.catch((err) => {
        if (useSavedPassword && err instanceof AppError && err.code === 'auth_failed') {
          throw new AppError(
            'auth_failed',
            `${err.message} The saved password may be out of date: type the current one (keep "Save password" on to replace it).`,
            err.details,
          );
        }
        throw err;
      });
      if (savePassword && !useSavedPassword && !demo) {
        await vault.set({ connectionId, kind: 'password' }, password, 'keychain');
        await connections.rememberUsername(connectionId, username);
      }
      return { admin: state.admin, expiresAt: state.expiresAt };
    },
    'ssx:me': async ({ connectionId }) => ssx.me(await connections.ssxTargetFor(connectionId)),
    'ssx:sessions': async ({ connectionId }) =>
      ssx.list(await connections.ssxTargetFor(connectionId)),
    'ssx:revoke': async ({ connectionId, sessionId, confirmation }) => {
      const target = await connections.ssxTargetFor(connectionId);
      // Ending a session is a change on the tenant: read-only refuses it, production asks first.
      const summary = await connections.summary(connectionId);
      const url = ssx.revokeUrl(target, sessionId);
      const revoked = await withAudit(
        d.audit,
        d.now,
        {
          connection: summary,
          method: 'POST',
          url: url.href,
          confirmed: !!confirmation,
          targetCount: 1,
        },
        async () => {
          d.guard.check(summary, { method: 'POST', url }, confirmation);
          return ssx.revoke(target, sessionId);
        },
        () => 200,
      );
      return { revoked };
    },
    'ssx:permission': async ({ connectionId, method, path }) => {
      const summary = await connections.summary(connectionId);
      const rule = summary.kind === 'sentinel-secure-x' ? ssxRouteFor(method, path) : undefined;
      if (!rule) return { route: null, permission: null, audience: null, granted: null };
      const admin = summary.session?.admin;
      return {
        route: `${rule.method} ${rule.path}`,
        permission: rule.permission,
        audience: rule.audience,
        granted: admin && rule.permission ? admin.permissions.includes(rule.permission) : null,
        ...(admin ? { role: admin.role } : {}),
      };
    },
    // Signing out ends only the operator's own session, so read-only and production allow it.
    'ssx:logout': async ({ connectionId }) => {
      const target = await connections.ssxTargetFor(connectionId);
      const signedOut = await withAudit(
        d.audit,
        d.now,
        {
          connection: await connections.summary(connectionId),
          method: 'POST',
          url: ssx.logoutUrl(target).href,
        },
        () => ssx.logout(target),
        () => 200,
      );
      return { signedOut };
    },
  };
}
