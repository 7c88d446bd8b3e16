import type { ConnectionKind, HttpMethod } from '../../../preload/contract';

/** A quick-load request from the seed's API Explorer, corrected to the real v2.1 API. */
export interface RequestTemplate {
  slug: string;
  /** The kind of connection the request is written for. */
  kind: ConnectionKind;
  title: string;
  description: string;
  method: HttpMethod;
  /** Relative to the connection's base URL (`…/web/api/v2.1/`). */
  path: string;
  body?: string;
}

/**
 * The seed's four templates. Corrections against the real API:
 * - "Bulk quarantine" needs a body; `POST threats/mitigate/quarantine` takes a
 *   `filter`, and the demo tenant accepts this status/confidence filter
 *   (a real console also accepts `{"filter":{"ids":[…]}}`).
 * - "Infected endpoints" and "Recent activity log" get an explicit `limit`
 *   (the API defaults to 10); the activity log is sorted newest first.
 */
export const requestTemplates: readonly RequestTemplate[] = [
  {
    slug: 'open-threat-triage-queue',
    kind: 'sentinelone',
    title: 'Open threat triage queue',
    description: 'Unresolved threats, up to 100, for triage.',
    method: 'GET',
    path: 'threats?resolved=false&limit=100',
  },
  {
    slug: 'bulk-quarantine',
    kind: 'sentinelone',
    title: 'Bulk quarantine',
    description: 'Quarantine every unresolved threat classified as malicious.',
    method: 'POST',
    path: 'threats/mitigate/quarantine',
    body: JSON.stringify(
      {
        filter: { incidentStatuses: ['unresolved'], confidenceLevels: ['malicious'] },
        data: {},
      },
      null,
      2,
    ),
  },
  {
    slug: 'infected-endpoints',
    kind: 'sentinelone',
    title: 'Infected endpoints',
    description: 'Active agents that currently report an infection.',
    method: 'GET',
    path: 'agents?isActive=true&isInfected=true&limit=50',
  },
  {
    slug: 'recent-activity-log',
    kind: 'sentinelone',
    title: 'Recent activity log',
    description: 'The 50 most recent console activities, newest first.',
    method: 'GET',
    path: 'activities?limit=50&sortBy=createdAt&sortOrder=desc',
  },
  {
    slug: 'who-am-i',
    kind: 'sentinel-secure-x',
    title: 'Who am I',
    description: 'The signed-in admin, its roles and permissions.',
    method: 'GET',
    path: 'api/admin/me',
  },
  {
    slug: 'my-active-sessions',
    kind: 'sentinel-secure-x',
    title: 'My active sessions',
    description: 'Every session of the signed-in admin, this one marked current.',
    method: 'GET',
    path: 'api/admin/sessions',
  },
];

/** The templates written for a kind of connection (none for a generic API). */
export function templatesFor(kind: ConnectionKind | undefined): RequestTemplate[] {
  return requestTemplates.filter((t) => t.kind === (kind ?? 'sentinelone'));
}

export function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function findTemplate(slug: string): RequestTemplate | undefined {
  return requestTemplates.find((t) => t.slug === slug);
}
