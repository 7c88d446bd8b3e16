import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../main/core/pacing/token-bucket';

/** How many tokens can be taken, one attempt per millisecond, from t = 0 to `untilMs`. */
function takenOver(bucket: TokenBucket, untilMs: number, stepMs = 1): number[] {
  const times: number[] = [];
  for (let t = 0; t <= untilMs; t += stepMs) while (bucket.tryTake(t)) times.push(t);
  return times;
}

describe('token bucket', () => {
  it('gives the burst at once, then the steady rate', () => {
    const bucket = new TokenBucket({ perSecond: 10, burst: 50 }, 0);
    const times = takenOver(bucket, 1000);
    expect(times.filter((t) => t === 0)).toHaveLength(50);
    // After the burst: one every 100 ms, at 100, 200, … 1000.
    expect(times.slice(50)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('handles fractional rates such as one a minute', () => {
    const bucket = new TokenBucket({ perSecond: 1 / 60, burst: 1 }, 0);
    expect(bucket.tryTake(0)).toBe(true);
    expect(bucket.tryTake(1)).toBe(false);
    expect(bucket.waitMs(1)).toBe(59_999);
    expect(bucket.waitMs(30_000)).toBe(30_000);
    expect(bucket.tryTake(59_999)).toBe(false);
    expect(bucket.tryTake(60_000)).toBe(true);
  });

  it('30 per minute with burst 30: the burst, then one every two seconds', () => {
    const bucket = new TokenBucket({ perSecond: 30 / 60, burst: 30 }, 0);
    const times = takenOver(bucket, 6000, 10);
    expect(times.filter((t) => t === 0)).toHaveLength(30);
    expect(times.slice(30)).toEqual([2000, 4000, 6000]);
  });

  it('never stores more than the burst, however long it sat idle', () => {
    const bucket = new TokenBucket({ perSecond: 100, burst: 5 }, 0);
    expect(bucket.available(3_600_000)).toBe(5);
  });

  it('waitMs counts the tokens needed for a place in line, rounded up to whole ms', () => {
    const bucket = new TokenBucket({ perSecond: 3, burst: 1 }, 0);
    bucket.tryTake(0);
    expect(bucket.waitMs(0, 1)).toBe(334);
    expect(bucket.waitMs(0, 3)).toBe(1000);
    // Waiting exactly that long always finds the token.
    expect(bucket.tryTake(334)).toBe(true);
  });

  it('holdUntil grants nothing before the server allows it', () => {
    const bucket = new TokenBucket({ perSecond: 10, burst: 10 }, 0);
    bucket.holdUntil(2000);
    expect(bucket.tryTake(1999)).toBe(false);
    expect(bucket.waitMs(500)).toBe(1500);
    expect(bucket.tryTake(2000)).toBe(true);
  });
});
