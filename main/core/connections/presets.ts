import type { RateLimitRule } from '../../../preload/contract';
import { AppError } from '../errors';

/**
 * Per-path limits from a vendor engineer's community SDK (see
 * docs/sentinelone-api-facts.md); the seed's "1,000 req/min read, 20 req/min
 * agent commands" tiers are not confirmed anywhere and are documented, not used.
 */
export const SENTINELONE_DEFAULT_RATE_LIMITS: RateLimitRule[] = [
  { pathPrefix: '/threats', perSecond: 10, burst: 50 },
  { pathPrefix: '/threats/', perSecond: 100, burst: 100 },
  { pathPrefix: '/agents', perSecond: 25, burst: 25 },
  { pathPrefix: '/activities', perSecond: 10, burst: 10 },
  { pathPrefix: '/dv/init-query', perSecond: 1 / 60, burst: 1 },
  { pathPrefix: '/dv/query-status', perSecond: 1, burst: 1 },
  { pathPrefix: '/dv/events/pq', perSecond: 4, burst: 4 },
  { pathPrefix: '/dv/events/pq-ping', perSecond: 4, burst: 4 },
  { pathPrefix: '/threat-intelligence', perSecond: 30 / 60, burst: 30 },
  { pathPrefix: '/users/login', perSecond: 1, burst: 1 },
  { pathPrefix: '/remote-scripts', perSecond: 1, burst: 1 },
  { pathPrefix: '/export', perSecond: 1, burst: 1 },
];

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * `acme`, `acme.sentinelone.net`, `usea1-012` or a pasted console URL →
 * `https://<tenant>.sentinelone.net/web/api/v2.1`.
 */
export function sentinelOneBaseUrl(tenantInput: string): string {
  let tenant = tenantInput.trim().toLowerCase();
  if (/^https?:\/\//.test(tenant)) {
    try {
      tenant = new URL(tenant).hostname;
    } catch {
      throw new AppError('invalid_connection', `"${tenantInput}" is not a tenant name or URL.`);
    }
  }
  tenant = tenant.replace(/\.sentinelone\.net$/, '');
  if (!LABEL.test(tenant)) {
    throw new AppError(
      'invalid_connection',
      `"${tenantInput}" is not a tenant name: use the part before .sentinelone.net (letters, digits, dashes).`,
      [{ path: ['tenant'], message: 'letters, digits and dashes only' }],
    );
  }
  return `https://${tenant}.sentinelone.net/web/api/v2.1`;
}
