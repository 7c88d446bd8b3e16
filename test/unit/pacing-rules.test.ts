import { describe, expect, it } from 'vitest';
import { SENTINELONE_DEFAULT_RATE_LIMITS } from '../../main/core/connections/presets';
import { pathBelowBase, rateLimitsOf, ruleFor } from '../../main/core/pacing/rules';

const table = SENTINELONE_DEFAULT_RATE_LIMITS;
const rule = (path: string) => ruleFor(table, path)?.pathPrefix;

describe('rate-limit rule choice', () => {
  it('takes the longest prefix that covers the path', () => {
    expect(rule('/threats')).toBe('/threats');
    expect(rule('/threats/mitigate/kill')).toBe('/threats/');
    expect(rule('/threats/123/timeline')).toBe('/threats/');
    expect(rule('/dv/events/pq')).toBe('/dv/events/pq');
    expect(rule('/dv/events/pq-ping')).toBe('/dv/events/pq-ping');
    expect(rule('/dv/init-query')).toBe('/dv/init-query');
    expect(rule('/threat-intelligence/iocs')).toBe('/threat-intelligence');
  });

  it('matches whole path segments, and leaves unlisted paths unpaced', () => {
    expect(rule('/threatsX')).toBeUndefined();
    expect(rule('/agentsfoo')).toBeUndefined();
    expect(rule('/sites')).toBeUndefined();
    expect(rule('/dv/events')).toBeUndefined();
    expect(
      ruleFor([{ pathPrefix: 'agents', perSecond: 1, burst: 1 }], '/agents/count'),
    ).toBeDefined();
  });

  it('is independent of the order of the table', () => {
    const reversed = [...table].reverse();
    expect(ruleFor(reversed, '/threats/notes')?.pathPrefix).toBe('/threats/');
    expect(ruleFor(reversed, '/threats')?.pathPrefix).toBe('/threats');
  });

  it('paths are relative to the connection base path, same origin only', () => {
    const base = 'https://acme.sentinelone.net/web/api/v2.1';
    const at = (u: string) => pathBelowBase(new URL(u), base);
    expect(at('https://acme.sentinelone.net/web/api/v2.1/threats?limit=1')).toBe('/threats');
    expect(at('https://acme.sentinelone.net/web/api/v2.1')).toBe('/');
    expect(at('https://acme.sentinelone.net/web/api/v2.0/threats')).toBeUndefined();
    expect(at('https://other.example/web/api/v2.1/threats')).toBeUndefined();
    expect(pathBelowBase(new URL('http://127.0.0.1:1/x/y'), 'http://127.0.0.1:1/')).toBe('/x/y');
  });

  it('a SentinelOne connection without a table gets the defaults; an empty table means no pacing', () => {
    expect(rateLimitsOf({ kind: 'sentinelone' })).toBe(SENTINELONE_DEFAULT_RATE_LIMITS);
    expect(rateLimitsOf({ kind: 'sentinelone', rateLimits: [] })).toEqual([]);
    expect(rateLimitsOf({ kind: 'generic' })).toEqual([]);
  });
});
