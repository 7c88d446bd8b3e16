/**
 * Sentinel Secure X demo tenant: a real HTTP server on 127.0.0.1 serving the route map's
 * /api/** routes (so far: admin auth and session control), plus loopback-only test hooks
 * under /__demo/.
 *
 * Error shape, for every error the tenant returns (`Content-Type: application/json`):
 *
 *   { "error": { "code": "<stable_snake_case>", "message": "<what to do next>", "details"?: … } }
 *
 * `code` is the field to branch on; `message` is for people; `details` is present only for:
 *   invalid_request (400)     [{ "field": "username", "problem": "…" }, …] — `body` for the whole body
 *   forbidden (403)           { "permission": "sessions:revoke" } — the permission the role lacks
 *   method_not_allowed (405)  { "allow": ["POST"] } — also sent as the `Allow` header
 *   already_revoked (409)     { "revokedAt": "<iso>" }
 *   already_expired (409)     { "expiresAt": "<iso>" }
 * Other codes: invalid_credentials (401), unauthenticated / session_expired / session_revoked
 * (401, with a `WWW-Authenticate: Bearer` challenge), host_not_allowed / loopback_only (403),
 * not_found (404), payload_too_large (413, bodies over 1 MB), account_locked (423),
 * internal_error (500). Every response carries `Cache-Control: no-store`.
 */
export { DEMO_SSX_ADMINS, type DemoSsxAdminCredentials } from './admins';
export { DEFAULT_SESSION_TTL_SECONDS, SSX_API_PREFIX, SSX_MAX_BODY_BYTES } from './constants';
export type { SsxErrorCode } from './errors';
export {
  SSX_PERMISSION_DESCRIPTIONS,
  SSX_PERMISSIONS,
  SSX_ROLE_PERMISSIONS,
  SSX_ROLES,
  permissionsFor,
  type SsxPermission,
  type SsxRole,
} from '../../core/ssx/permissions';
export { startSecureXDemo } from './server';
export type { SecureXDemo, SecureXDemoOptions, SsxRequestLogEntry } from './types';
