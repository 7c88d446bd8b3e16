/**
 * Secure X admin roles and what each may do. The table is data on purpose: the route
 * catalog and the console's role badges read it, and later route modules name the
 * permission they need instead of checking roles.
 */

export type SsxRole = 'administrator' | 'operator' | 'auditor';

export const SSX_ROLES: readonly SsxRole[] = ['administrator', 'operator', 'auditor'];

/** Every permission, with the routes of the route map it gates. */
export const SSX_PERMISSION_DESCRIPTIONS = {
  'sessions:read': 'GET /api/admin/sessions — list your own active sessions',
  'sessions:revoke':
    'POST /api/admin/sessions/<id>/revoke — end another of your own sessions (another device)',
  'devices:read': 'GET /api/devices and device trust assertions',
  'devices:review': 'POST /api/devices/<id>/identity-review — approve or reject enrollment',
  'devices:revoke': 'POST /api/devices/<id>/certificate/revoke — revoke a bound certificate',
  'commands:queue': 'POST /api/command — queue a remote device command',
  'commands:review': 'POST /api/commands/<id>/review — approve or reject a protected command',
  'integrations:read': 'GET /api/integrations/** — connectors, deliveries, trust feed, templates',
  'integrations:write':
    'POST/PATCH /api/integrations/** — create connectors, flush, issue or revoke assertions',
  'recovery:read': 'GET /api/recovery/** — posture, backups, drills, environments, jobs',
  'recovery:write': 'POST /api/recovery/backups|drills|jobs — record results, queue jobs',
  'recovery:review': 'POST /api/recovery/jobs/<id>/review — approve a protected recovery job',
  'campaigns:read': 'GET /api/update-campaigns/** — campaigns and rollout signals',
  'campaigns:write':
    'POST /api/update-campaigns[/<id>/pause|resume|dispatch|signals] — run a rollout',
  'campaigns:review': 'POST /api/update-campaigns/<id>/review — approve a pending campaign',
  'services:read': 'GET /api/admin/services/** and scheduled-jobs listings and history',
  'jobs:run': 'POST /api/admin/scheduled-jobs/<name>/run — trigger a manual run',
  'jobs:suppress': 'POST /api/admin/scheduled-jobs/<name>/suppress|resume',
  'audit:read': 'GET /api/integrations/events and the audit trail',
} as const;

export type SsxPermission = keyof typeof SSX_PERMISSION_DESCRIPTIONS;

export const SSX_PERMISSIONS = Object.keys(SSX_PERMISSION_DESCRIPTIONS) as SsxPermission[];

const READ: readonly SsxPermission[] = [
  'sessions:read',
  'devices:read',
  'integrations:read',
  'recovery:read',
  'campaigns:read',
  'services:read',
  'audit:read',
];

/**
 * administrator: everything. operator: reads, plus queueing and dispatching work and ending
 * its own other sessions; no review/approve, no connector or device-trust changes.
 * auditor: read-only (it may still log out, which needs no permission).
 */
export const SSX_ROLE_PERMISSIONS: Readonly<Record<SsxRole, readonly SsxPermission[]>> = {
  administrator: SSX_PERMISSIONS,
  operator: [
    ...READ,
    'sessions:revoke',
    'commands:queue',
    'recovery:write',
    'campaigns:write',
    'jobs:run',
  ],
  auditor: READ,
};

/** Permissions in the table's canonical order, so /me is stable for snapshots. */
export function permissionsFor(role: SsxRole): SsxPermission[] {
  const granted = new Set(SSX_ROLE_PERMISSIONS[role]);
  return SSX_PERMISSIONS.filter((p) => granted.has(p));
}

export function hasPermission(role: SsxRole, permission: SsxPermission): boolean {
  return SSX_ROLE_PERMISSIONS[role].includes(permission);
}
