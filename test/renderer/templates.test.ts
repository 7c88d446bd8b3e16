import { describe, expect, it } from 'vitest';
import {
  requestTemplates,
  slugify,
  templatesFor,
  type RequestTemplate,
} from '../../renderer/src/explorer/templates';
import { checkJson } from '../../renderer/src/explorer/json-check';

const BASES: Record<RequestTemplate['kind'], string> = {
  sentinelone: 'https://usea1-example.sentinelone.net/web/api/v2.1/',
  'sentinel-secure-x': 'https://ssx.example.com/',
  generic: 'https://api.example.com/',
};

describe('quick-load templates', () => {
  it('are the seed four for SentinelOne, with the test ids end-to-end tests use', () => {
    expect(templatesFor('sentinelone').map((t) => t.slug)).toEqual([
      'open-threat-triage-queue',
      'bulk-quarantine',
      'infected-endpoints',
      'recent-activity-log',
    ]);
    for (const t of requestTemplates) expect(t.slug).toBe(slugify(t.title));
  });

  it('offer Secure X connections their own requests and generic APIs none', () => {
    expect(templatesFor('sentinel-secure-x').map((t) => t.path)).toEqual([
      'api/admin/me',
      'api/admin/sessions',
    ]);
    expect(templatesFor('generic')).toEqual([]);
  });

  it.each(requestTemplates.map((t) => [t.title, t] as const))(
    '%s has a relative path that resolves under its base and a one-line description',
    (_title, t) => {
      const base = BASES[t.kind];
      const url = new URL(t.path, base);
      expect(url.href.startsWith(base)).toBe(true);
      expect(t.path.startsWith('/')).toBe(false);
      expect(t.description).not.toMatch(/\n/);
      expect(t.description.length).toBeGreaterThan(10);
      if (t.method === 'GET') expect(t.body).toBeUndefined();
    },
  );

  it('match the real API (v2.1 paths and filters)', () => {
    const byslug = Object.fromEntries(requestTemplates.map((t) => [t.slug, t]));
    expect(byslug['open-threat-triage-queue']).toMatchObject({
      method: 'GET',
      path: 'threats?resolved=false&limit=100',
    });
    expect(byslug['infected-endpoints']?.path).toBe(
      'agents?isActive=true&isInfected=true&limit=50',
    );
    expect(byslug['recent-activity-log']?.path).toBe(
      'activities?limit=50&sortBy=createdAt&sortOrder=desc',
    );
    const limit = new URL(
      byslug['open-threat-triage-queue']!.path,
      BASES.sentinelone,
    ).searchParams.get('limit');
    expect(Number(limit)).toBeLessThanOrEqual(1000);
  });

  it('bulk quarantine posts a valid JSON filter body to the mitigate action', () => {
    const t = requestTemplates.find((x) => x.slug === 'bulk-quarantine')!;
    expect(t.method).toBe('POST');
    expect(t.path).toBe('threats/mitigate/quarantine');
    expect(checkJson(t.body ?? '')).toEqual({ ok: true });
    expect(JSON.parse(t.body ?? '')).toEqual({
      filter: { incidentStatuses: ['unresolved'], confidenceLevels: ['malicious'] },
      data: {},
    });
  });
});
