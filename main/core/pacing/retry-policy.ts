import type { HttpMethod } from '../../../preload/contract';
import { isAppError } from '../errors';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Retry waits of one request together never exceed this; past it the last answer stands. */
  maxTotalWaitMs: number;
  /** A 429 without a usable Retry-After waits this long. */
  fallbackRetryAfterMs: number;
  /** Full-jitter backoff: attempt n waits random × min(cap, base × 2^(n-1)). */
  backoffBaseMs: number;
  backoffCapMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  maxTotalWaitMs: 120_000,
  fallbackRetryAfterMs: 3_000,
  backoffBaseMs: 500,
  backoffCapMs: 30_000,
};

export type RetryReason = 'rate-limited' | 'unavailable' | 'connection-reset';

/**
 * RFC 9110 calls PUT and DELETE idempotent too, but not here: SentinelOne's DELETEs
 * (and PUTs) act on a *filter* (`{"filter":{"ids":[…]}}` or a query), so a repeat after
 * a 503 that did act may hit what the filter matches by then. A 503 is retried only
 * for methods that change nothing.
 */
const RETRY_503 = new Set<HttpMethod>(['GET', 'HEAD', 'OPTIONS']);
/** A reset may come after the server acted; only reads without a body are repeated. */
const RETRY_RESET = new Set<HttpMethod>(['GET', 'HEAD']);

export function retryReasonForStatus(method: HttpMethod, status: number): RetryReason | undefined {
  // Every method: a 429 means the server refused the request before doing anything,
  // so repeating a POST that got one cannot apply it twice.
  if (status === 429) return 'rate-limited';
  if (status === 503 && RETRY_503.has(method)) return 'unavailable';
  return undefined;
}

export function retryReasonForError(method: HttpMethod, err: unknown): RetryReason | undefined {
  if (isAppError(err) && err.code === 'connection_reset' && RETRY_RESET.has(method)) {
    return 'connection-reset';
  }
  return undefined;
}

/** Full jitter (uniform in [0, min(cap, base × 2^(attempt-1)))); `attempt` is the one that failed. */
export function fullJitterMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(
    policy.backoffCapMs,
    policy.backoffBaseMs * 2 ** Math.max(0, attempt - 1),
  );
  return Math.floor(Math.min(0.999999, Math.max(0, random())) * ceiling);
}

/**
 * How long to wait before the next attempt. A 429 waits what Retry-After says (or the
 * fallback), plus the jittered backoff so that clients told the same moment do not all
 * return at once; a 503 honours a Retry-After too; otherwise it is the backoff alone.
 */
export function retryWaitMs(
  reason: RetryReason,
  attempt: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number,
): number {
  const jitter = fullJitterMs(attempt, policy, random);
  if (reason === 'rate-limited') return (retryAfterMs ?? policy.fallbackRetryAfterMs) + jitter;
  return (retryAfterMs ?? 0) + jitter;
}
