import type { RateLimitRule } from '../../../preload/contract';
import { SENTINELONE_DEFAULT_RATE_LIMITS } from '../../core/connections/presets';
import { ruleFor } from '../../core/pacing/rules';
import { TokenBucket } from '../../core/pacing/token-bucket';
import { ApiError, errorResult } from './envelope';
import type { ApiContext, Middleware } from './router';

/** The token of `Authorization: ApiToken <t>` (or `Bearer <t>` on GraphQL): limits are per token. */
function tokenOf(ctx: ApiContext): string {
  const header = ctx.headers.authorization ?? '';
  return /^\s*\S+\s+(\S+)/.exec(header)?.[1] ?? header;
}

/**
 * The demo tenant's per-path rate limits: the console's default table (one source of
 * truth, `SENTINELONE_DEFAULT_RATE_LIMITS`), one token bucket per (token, rule), counted
 * with the very bucket class the console paces with. Off by default; when on, a request
 * over its bucket gets 429, `Retry-After` (whole seconds until a token) and the error
 * envelope (4290010), and every answer under a rule carries X-RateLimit-Limit/-Remaining.
 */
export class DemoRateLimits {
  private enabled = false;
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly clock: () => number,
    readonly rules: readonly RateLimitRule[] = SENTINELONE_DEFAULT_RATE_LIMITS,
  ) {}

  /** Switching (either way) starts every bucket full. */
  set(enabled: boolean): { enabled: boolean } {
    this.enabled = enabled;
    this.buckets.clear();
    return { enabled };
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  middleware(): Middleware {
    return async (ctx, next) => {
      if (!this.enabled) return next();
      const rule = ruleFor(this.rules, ctx.path);
      if (!rule) return next();
      const key = `${tokenOf(ctx)}\u0000${rule.pathPrefix}`;
      const now = this.clock();
      let bucket = this.buckets.get(key);
      if (!bucket) {
        bucket = new TokenBucket(rule, now);
        this.buckets.set(key, bucket);
      }
      const limitHeaders = (remaining: number) => ({
        'X-RateLimit-Limit': String(rule.burst),
        'X-RateLimit-Remaining': String(Math.max(0, Math.floor(remaining))),
      });
      if (!bucket.tryTake(now)) {
        const seconds = Math.max(1, Math.ceil(bucket.waitMs(now) / 1000));
        ctx.fault = { kind: 'rate-limit' };
        return errorResult(
          new ApiError(
            429,
            `Rate limit of ${rule.pathPrefix} exceeded (${+rule.perSecond.toFixed(4)} per second, burst ${rule.burst}); retry after ${seconds} s.`,
            { headers: { 'Retry-After': String(seconds), ...limitHeaders(0) } },
          ),
        );
      }
      const result = await next();
      return { ...result, headers: { ...result.headers, ...limitHeaders(bucket.available(now)) } };
    };
  }
}
