/**
 * A token bucket: `burst` tokens at most, refilled continuously at `perSecond`.
 * Fractional rates work (1/60 = one a minute). The console's pacer and the demo
 * tenant's enforcement use this same class, so both count alike.
 */
export interface BucketRule {
  perSecond: number;
  burst: number;
}

/**
 * Two clocks that read the same timestamps may still sum refills in a different
 * order; this keeps "exactly one token" from reading as 0.9999999 on one side.
 */
const EPSILON = 1e-9;

export class TokenBucket {
  private tokens: number;
  private last: number;
  /** Nothing is granted before this moment (a server's Retry-After). */
  private notBefore = -Infinity;

  constructor(
    readonly rule: BucketRule,
    now: number,
  ) {
    this.tokens = rule.burst;
    this.last = now;
  }

  private refill(now: number): void {
    const elapsed = now - this.last;
    if (elapsed > 0) {
      this.tokens = Math.min(this.rule.burst, this.tokens + (elapsed * this.rule.perSecond) / 1000);
      this.last = now;
    }
  }

  /** Tokens available now (fractional). */
  available(now: number): number {
    this.refill(now);
    return now < this.notBefore ? 0 : this.tokens;
  }

  /** Takes one token if there is one; true when taken. */
  tryTake(now: number): boolean {
    this.refill(now);
    if (now < this.notBefore || this.tokens + EPSILON < 1) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }

  /**
   * Milliseconds until `count` tokens are there (0 when they are), rounded up to a
   * whole millisecond so that waiting that long always finds them.
   */
  waitMs(now: number, count = 1): number {
    this.refill(now);
    const gate = Math.max(0, this.notBefore - now);
    const missing = count - this.tokens;
    const refill = missing <= EPSILON ? 0 : (missing * 1000) / this.rule.perSecond;
    return Math.ceil(Math.max(gate, refill));
  }

  /** Grants nothing until `until` (the server said so); the tokens refill meanwhile. */
  holdUntil(until: number): void {
    this.notBefore = Math.max(this.notBefore, until);
  }
}
