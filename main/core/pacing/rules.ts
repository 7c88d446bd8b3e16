import type { ConnectionConfig, RateLimitRule } from '../../../preload/contract';
import { SENTINELONE_DEFAULT_RATE_LIMITS } from '../connections/presets';

/**
 * Whether `prefix` covers `path`, segment-wise: `/threats` covers `/threats` and
 * `/threats/123` but not `/threatsX`; a prefix ending in `/` (`/threats/`) covers
 * only what lies below it.
 */
export function prefixCovers(prefix: string, path: string): boolean {
  if (prefix.endsWith('/')) return path.startsWith(prefix);
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** The rule of a path: the longest `pathPrefix` that covers it, or undefined (not paced). */
export function ruleFor<R extends RateLimitRule>(rules: readonly R[], path: string): R | undefined {
  let best: R | undefined;
  for (const rule of rules) {
    if (!prefixCovers(normalizePrefix(rule.pathPrefix), path)) continue;
    if (!best || rule.pathPrefix.length > best.pathPrefix.length) best = rule;
  }
  return best;
}

function normalizePrefix(prefix: string): string {
  return prefix.startsWith('/') ? prefix : `/${prefix}`;
}

/**
 * The path of `url` relative to the connection's base path (`/web/api/v2.1/threats`
 * → `/threats`), or undefined when the URL is on another origin or outside the base
 * path: the table describes the connection's API, nothing else.
 */
export function pathBelowBase(url: URL, baseUrl: string): string | undefined {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    return undefined;
  }
  if (base.origin !== url.origin) return undefined;
  const basePath = base.pathname.replace(/\/+$/, '');
  const path = url.pathname;
  if (basePath === '') return path || '/';
  if (path === basePath) return '/';
  if (!path.startsWith(`${basePath}/`)) return undefined;
  return path.slice(basePath.length);
}

/**
 * The table a connection is paced by. A SentinelOne connection without one (the
 * built-in demo) gets the defaults; an empty table means no pacing at all.
 */
export function rateLimitsOf(
  config: Pick<ConnectionConfig, 'kind' | 'rateLimits'>,
): readonly RateLimitRule[] {
  if (config.rateLimits) return config.rateLimits;
  return config.kind === 'sentinelone' ? SENTINELONE_DEFAULT_RATE_LIMITS : [];
}
