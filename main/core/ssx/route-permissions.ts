import type { SsxPermission } from './permissions';

/**
 * Who calls a Sentinel Secure X route: a signed-in admin (the console's
 * operator), nobody yet (sign-in itself), or a machine — a device agent or a
 * workload client with its own credentials, never an admin session.
 */
export type SsxAudience = 'public' | 'admin' | 'agent' | 'workload';

export interface SsxRouteRule {
  method: 'GET' | 'POST' | 'PATCH';
  /** As in the route map: `<name>` marks a path parameter. */
  path: string;
  audience: SsxAudience;
  /** What an admin needs; null when any signed-in admin (or nobody) may call it. */
  permission: SsxPermission | null;
}

type Row = [SsxRouteRule['method'], string, SsxAudience, SsxPermission | null];

/**
 * The 75 routes of the route map (`shared/data/sentinel-secure-x-routes.tsv`)
 * with the permission each needs. The seed names no permissions; these are our
 * decisions, and the demo tenant and the catalog follow them. Reviews
 * (approvals of protected work) are separate permissions from the work itself,
 * so the same admin can be allowed to queue and not to approve.
 */
const ROWS: Row[] = [
  ['POST', '/api/admin/login', 'public', null],
  ['POST', '/api/admin/passkeys/authenticate/options', 'public', null],
  ['POST', '/api/admin/passkeys/authenticate/verify', 'public', null],
  ['GET', '/api/admin/me', 'admin', null],
  ['GET', '/api/admin/sessions', 'admin', 'sessions:read'],
  ['POST', '/api/admin/logout', 'admin', null],
  ['POST', '/api/admin/sessions/<session_id>/revoke', 'admin', 'sessions:revoke'],
  ['GET', '/api/devices', 'admin', 'devices:read'],
  ['POST', '/api/heartbeat', 'agent', null],
  ['POST', '/api/devices/<device_id>/identity-review', 'admin', 'devices:review'],
  ['POST', '/api/devices/<device_id>/certificate/revoke', 'admin', 'devices:revoke'],
  ['GET', '/api/devices/<device_id>/trust-assertion', 'admin', 'devices:read'],
  ['POST', '/api/command', 'admin', 'commands:queue'],
  ['POST', '/api/commands/<command_id>/review', 'admin', 'commands:review'],
  ['GET', '/api/integrations/trust-feed', 'workload', null],
  ['GET', '/api/integrations/events', 'admin', 'audit:read'],
  ['GET', '/api/integrations/device-assertions/<device_id>', 'workload', null],
  ['GET', '/api/integrations/workload-assertions/status', 'admin', 'integrations:read'],
  ['GET', '/api/integrations/workload-assertions', 'admin', 'integrations:read'],
  ['POST', '/api/integrations/workload-assertions/<client_id>', 'admin', 'integrations:write'],
  [
    'POST',
    '/api/integrations/workload-assertions/<assertion_id>/revoke',
    'admin',
    'integrations:write',
  ],
  ['GET', '/api/integrations/webhooks', 'admin', 'integrations:read'],
  ['POST', '/api/integrations/webhooks', 'admin', 'integrations:write'],
  ['POST', '/api/integrations/splunk-hec', 'admin', 'integrations:write'],
  ['POST', '/api/integrations/slack-webhooks', 'admin', 'integrations:write'],
  ['POST', '/api/integrations/pagerduty-events', 'admin', 'integrations:write'],
  ['POST', '/api/integrations/nac-connectors', 'admin', 'integrations:write'],
  ['POST', '/api/integrations/idp-connectors', 'admin', 'integrations:write'],
  ['POST', '/api/integrations/recovery-runners', 'admin', 'integrations:write'],
  ['POST', '/api/integrations/audit-sinks', 'admin', 'integrations:write'],
  ['POST', '/api/integrations/microsoft-sentinel', 'admin', 'integrations:write'],
  ['POST', '/api/integrations/entra-group-sync', 'admin', 'integrations:write'],
  ['GET', '/api/integrations/deliveries', 'admin', 'integrations:read'],
  ['POST', '/api/integrations/webhooks/flush', 'admin', 'integrations:write'],
  ['POST', '/api/integrations/webhooks/<webhook_id>/status', 'admin', 'integrations:write'],
  ['GET', '/api/integrations/incident-policy-templates', 'admin', 'integrations:read'],
  ['POST', '/api/integrations/incident-policy-templates', 'admin', 'integrations:write'],
  [
    'PATCH',
    '/api/integrations/incident-policy-templates/<template_id>',
    'admin',
    'integrations:write',
  ],
  [
    'GET',
    '/api/integrations/incident-policy-templates/bundle-status',
    'admin',
    'integrations:read',
  ],
  ['GET', '/api/integrations/incident-policy-templates/export', 'admin', 'integrations:read'],
  ['POST', '/api/integrations/incident-policy-templates/import', 'admin', 'integrations:write'],
  [
    'GET',
    '/api/integrations/incident-policy-templates/import-requests',
    'admin',
    'integrations:read',
  ],
  [
    'POST',
    '/api/integrations/incident-policy-templates/import-requests',
    'admin',
    'integrations:write',
  ],
  [
    'POST',
    '/api/integrations/incident-policy-templates/import-requests/<request_id>/review',
    'admin',
    'integrations:write',
  ],
  [
    'POST',
    '/api/integrations/incident-policy-templates/import-requests/<request_id>/refresh',
    'admin',
    'integrations:write',
  ],
  [
    'POST',
    '/api/integrations/incident-policy-templates/import-requests/<request_id>/cancel',
    'admin',
    'integrations:write',
  ],
  [
    'GET',
    '/api/integrations/incident-policy-templates/import-requests/<request_id>/receipt',
    'admin',
    'integrations:read',
  ],
  ['GET', '/api/recovery/status', 'admin', 'recovery:read'],
  ['GET', '/api/recovery/backups', 'admin', 'recovery:read'],
  ['POST', '/api/recovery/backups', 'admin', 'recovery:write'],
  ['GET', '/api/recovery/drills', 'admin', 'recovery:read'],
  ['POST', '/api/recovery/drills', 'admin', 'recovery:write'],
  ['GET', '/api/recovery/environments', 'admin', 'recovery:read'],
  ['GET', '/api/recovery/jobs', 'admin', 'recovery:read'],
  ['POST', '/api/recovery/jobs', 'admin', 'recovery:write'],
  ['POST', '/api/recovery/jobs/<job_id>/review', 'admin', 'recovery:review'],
  ['POST', '/api/recovery/jobs/<job_id>/result', 'workload', null],
  ['GET', '/api/update-campaigns', 'admin', 'campaigns:read'],
  ['POST', '/api/update-campaigns', 'admin', 'campaigns:write'],
  ['POST', '/api/update-campaigns/<campaign_id>/review', 'admin', 'campaigns:review'],
  ['POST', '/api/update-campaigns/<campaign_id>/pause', 'admin', 'campaigns:write'],
  ['POST', '/api/update-campaigns/<campaign_id>/resume', 'admin', 'campaigns:write'],
  ['POST', '/api/update-campaigns/<campaign_id>/dispatch', 'admin', 'campaigns:write'],
  ['GET', '/api/update-campaigns/<campaign_id>/signals', 'admin', 'campaigns:read'],
  ['POST', '/api/update-campaigns/<campaign_id>/signals', 'admin', 'campaigns:write'],
  [
    'POST',
    '/api/update-campaigns/<campaign_id>/signals/<signal_id>/clear',
    'admin',
    'campaigns:write',
  ],
  ['POST', '/api/integrations/rollout-signals', 'workload', null],
  ['POST', '/api/integrations/rollout-signals/<provider>', 'workload', null],
  ['GET', '/api/admin/services', 'admin', 'services:read'],
  ['GET', '/api/admin/services/status', 'admin', 'services:read'],
  ['GET', '/api/admin/scheduled-jobs', 'admin', 'services:read'],
  ['GET', '/api/admin/scheduled-jobs/<job_name>/history', 'admin', 'services:read'],
  ['POST', '/api/admin/scheduled-jobs/<job_name>/suppress', 'admin', 'jobs:suppress'],
  ['POST', '/api/admin/scheduled-jobs/<job_name>/resume', 'admin', 'jobs:suppress'],
  ['POST', '/api/admin/scheduled-jobs/<job_name>/run', 'admin', 'jobs:run'],
];

export const SSX_ROUTE_RULES: readonly SsxRouteRule[] = ROWS.map(
  ([method, path, audience, permission]) => ({ method, path, audience, permission }),
);

interface Compiled {
  rule: SsxRouteRule;
  segments: (string | null)[];
  literals: number;
}

const COMPILED: Compiled[] = SSX_ROUTE_RULES.map((rule) => {
  const segments = rule.path
    .split('/')
    .filter(Boolean)
    .map((s) => (s.startsWith('<') ? null : s));
  return { rule, segments, literals: segments.filter((s) => s !== null).length };
});

/**
 * The route-map entry for a request path (query ignored, base path prefix
 * tolerated), preferring literal segments over parameters so
 * `/api/integrations/workload-assertions/status` is not read as a client id.
 */
export function ssxRouteFor(method: string, pathOrUrl: string): SsxRouteRule | undefined {
  const path = pathOrUrl.replace(/^[a-z]+:\/\/[^/]+/i, '').split(/[?#]/)[0] ?? '';
  const parts = path.split('/').filter(Boolean).map(decodeSegment);
  const start = parts.indexOf('api');
  if (start < 0) return undefined;
  const tail = parts.slice(start);
  let best: Compiled | undefined;
  for (const c of COMPILED) {
    if (c.rule.method !== method.toUpperCase() || c.segments.length !== tail.length) continue;
    if (!c.segments.every((s, i) => s === null || s === tail[i])) continue;
    if (!best || c.literals > best.literals) best = c;
  }
  return best?.rule;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
