import { describe, expect, it } from 'vitest';
import { AppError } from '../../main/core/errors';
import {
  DEFAULT_RETRY_POLICY,
  fullJitterMs,
  retryReasonForError,
  retryReasonForStatus,
  retryWaitMs,
} from '../../main/core/pacing/retry-policy';

const policy = DEFAULT_RETRY_POLICY;

describe('what is retried', () => {
  it('a 429 for every method: the server did nothing', () => {
    for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      expect(retryReasonForStatus(m, 429)).toBe('rate-limited');
    }
  });

  it('a 503 for GET, HEAD and OPTIONS only (not POST, nor filter-based PUT/DELETE)', () => {
    expect(retryReasonForStatus('GET', 503)).toBe('unavailable');
    expect(retryReasonForStatus('HEAD', 503)).toBe('unavailable');
    expect(retryReasonForStatus('OPTIONS', 503)).toBe('unavailable');
    expect(retryReasonForStatus('POST', 503)).toBeUndefined();
    expect(retryReasonForStatus('PUT', 503)).toBeUndefined();
    expect(retryReasonForStatus('DELETE', 503)).toBeUndefined();
    expect(retryReasonForStatus('GET', 500)).toBeUndefined();
    expect(retryReasonForStatus('GET', 200)).toBeUndefined();
  });

  it('a connection reset for GET and HEAD only', () => {
    const reset = new AppError('connection_reset', 'closed');
    expect(retryReasonForError('GET', reset)).toBe('connection-reset');
    expect(retryReasonForError('HEAD', reset)).toBe('connection-reset');
    expect(retryReasonForError('OPTIONS', reset)).toBeUndefined();
    expect(retryReasonForError('POST', reset)).toBeUndefined();
    expect(retryReasonForError('GET', new AppError('timeout', 'slow'))).toBeUndefined();
    expect(retryReasonForError('GET', new Error('boom'))).toBeUndefined();
  });
});

describe('backoff with full jitter', () => {
  it('stays within [0, min(cap, base × 2^(n-1))) for every attempt', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(policy.backoffCapMs, policy.backoffBaseMs * 2 ** (attempt - 1));
      expect(fullJitterMs(attempt, policy, () => 0)).toBe(0);
      const top = fullJitterMs(attempt, policy, () => 0.9999999999);
      expect(top).toBeLessThan(ceiling);
      expect(top).toBeGreaterThanOrEqual(ceiling - 1);
      expect(fullJitterMs(attempt, policy, () => 0.5)).toBe(Math.floor(ceiling / 2));
    }
    // A broken random source cannot push it outside the bounds.
    expect(fullJitterMs(3, policy, () => 7)).toBeLessThan(2000);
    expect(fullJitterMs(3, policy, () => -1)).toBe(0);
  });

  it('a 429 waits Retry-After (or the fallback) plus the jitter', () => {
    expect(retryWaitMs('rate-limited', 1, 2000, policy, () => 0)).toBe(2000);
    expect(retryWaitMs('rate-limited', 1, 2000, policy, () => 0.5)).toBe(2250);
    expect(retryWaitMs('rate-limited', 3, 2000, policy, () => 0.5)).toBe(3000);
    expect(retryWaitMs('rate-limited', 1, undefined, policy, () => 0)).toBe(
      policy.fallbackRetryAfterMs,
    );
  });

  it('a 503 or a reset waits the jitter alone unless the server said Retry-After', () => {
    expect(retryWaitMs('unavailable', 2, undefined, policy, () => 0.5)).toBe(500);
    expect(retryWaitMs('unavailable', 2, 4000, policy, () => 0)).toBe(4000);
    expect(retryWaitMs('connection-reset', 1, undefined, policy, () => 0.99)).toBeLessThan(500);
  });
});
