import { AppError } from '../errors';
import { isAbortError, type PacingClock } from './clock';
import type { TokenBucket } from './token-bucket';

/** Where a request stands in its bucket's line; `started` when it leaves the line to be sent. */
export interface QueueUpdate {
  state: 'queued' | 'started';
  /** Estimated milliseconds until it is sent (0 once started). */
  waitMs: number;
  /** 1 = next in line; 0 once started. */
  position: number;
}

interface Waiter {
  grant(): void;
  fail(err: unknown): void;
}

export function cancelledWhileQueued(): AppError {
  return new AppError(
    'aborted',
    'The request was cancelled while it waited for the rate limit. Send it again when you are ready.',
  );
}

/**
 * One token bucket and the requests waiting for it, served first come, first served:
 * a request only takes a token directly when nobody is waiting ahead of it. One pump
 * per bucket sleeps until the next token, so a long line costs one timer, not one each.
 */
export class BucketQueue {
  private readonly waiters: Waiter[] = [];
  private pumping: AbortController | undefined;

  constructor(
    readonly bucket: TokenBucket,
    private readonly clock: PacingClock,
  ) {}

  get length(): number {
    return this.waiters.length;
  }

  /** Resolves when a token is taken for this request; rejects `aborted` when `signal` fires first. */
  acquire(signal: AbortSignal, onUpdate?: (u: QueueUpdate) => void): Promise<void> {
    if (signal.aborted) return Promise.reject(cancelledWhileQueued());
    const now = this.clock.now();
    if (this.waiters.length === 0 && this.bucket.tryTake(now)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          onUpdate?.({ state: 'started', waitMs: 0, position: 0 });
          resolve();
        },
        fail: (err) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        if (this.waiters.length === 0) this.stopPump();
        reject(cancelledWhileQueued());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      const position = this.waiters.length;
      onUpdate?.({ state: 'queued', waitMs: this.bucket.waitMs(now, position), position });
      void this.pump();
    });
  }

  /** Rejects everyone waiting (shutdown). */
  failAll(err: unknown): void {
    for (const w of this.waiters.splice(0)) w.fail(err);
    this.stopPump();
  }

  private stopPump(): void {
    this.pumping?.abort();
    this.pumping = undefined;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    const ctl = new AbortController();
    this.pumping = ctl;
    try {
      while (this.pumping === ctl && this.waiters.length > 0) {
        const now = this.clock.now();
        if (this.bucket.tryTake(now)) {
          this.waiters.shift()!.grant();
          continue;
        }
        try {
          await this.clock.sleep(Math.max(1, this.bucket.waitMs(now)), ctl.signal);
        } catch (err) {
          if (isAbortError(err)) return;
          throw err;
        }
      }
    } finally {
      if (this.pumping === ctl) this.pumping = undefined;
    }
  }
}
