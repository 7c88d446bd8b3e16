import { describe, expect, it } from 'vitest';
import { parseRateLimitHeaders, parseRetryAfter } from '../../main/core/pacing/rate-limit-headers';

const NOW = Date.UTC(2026, 9, 21, 7, 28, 0);

describe('Retry-After', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
  });

  it('reads an HTTP date, relative to the injected clock', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:27:00 GMT', NOW)).toBe(0);
  });

  it('ignores what does not parse', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
  });
});

describe('rate-limit headers', () => {
  it('X-RateLimit-* with an epoch reset', () => {
    const epoch = String(NOW / 1000 + 42);
    expect(
      parseRateLimitHeaders(
        [
          ['X-RateLimit-Limit', '50'],
          ['x-ratelimit-remaining', '7'],
          ['X-RateLimit-Reset', epoch],
          ['Retry-After', '3'],
        ],
        NOW,
      ),
    ).toEqual({ limit: 50, remaining: 7, reset: 42, retryAfter: 3 });
  });

  it('RateLimit-* (delta seconds) and the policy form of the limit', () => {
    expect(
      parseRateLimitHeaders(
        [
          ['RateLimit-Limit', '100, 100;w=60'],
          ['RateLimit-Remaining', '0'],
          ['RateLimit-Reset', '12'],
        ],
        NOW,
      ),
    ).toEqual({ limit: 100, remaining: 0, reset: 12 });
  });

  it('the combined RateLimit header, both draft forms', () => {
    expect(parseRateLimitHeaders([['RateLimit', 'limit=10, remaining=4, reset=9']], NOW)).toEqual({
      limit: 10,
      remaining: 4,
      reset: 9,
    });
    expect(parseRateLimitHeaders([['RateLimit', '"default";r=3;t=20']], NOW)).toEqual({
      remaining: 3,
      reset: 20,
    });
  });

  it('a Retry-After date becomes whole seconds, rounded up', () => {
    expect(
      parseRateLimitHeaders([['Retry-After', 'Wed, 21 Oct 2026 07:28:05 GMT']], NOW - 500),
    ).toEqual({ retryAfter: 6 });
  });

  it('no headers, nothing claimed', () => {
    expect(parseRateLimitHeaders([['Content-Type', 'application/json']], NOW)).toEqual({});
  });
});
