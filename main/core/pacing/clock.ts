/**
 * The time source of pacing and retries. Injected so tests never really sleep:
 * `now()` is epoch milliseconds (a Retry-After HTTP date is compared with it),
 * `sleep` resolves after `ms` or rejects with an `AbortError` when `signal` fires.
 */
export interface PacingClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortError(): Error {
  const err = new Error('The wait was cancelled.');
  err.name = 'AbortError';
  return err;
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/** The real clock: Date.now and setTimeout. */
export const systemClock: PacingClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError());
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A clock where sleeping *is* the passing of time: `sleep(ms)` moves `now` forward to
 * at least the moment the sleep was asked for plus `ms`, then resolves on the next turn
 * of the event loop. Share one between the console's pacer and a demo tenant and both
 * see the same time, so a test of a minute of pacing takes milliseconds.
 */
export interface VirtualClock extends PacingClock {
  /** Moves time forward without anyone sleeping (e.g. "an hour later"). */
  advance(ms: number): void;
  /** Total virtual milliseconds slept so far. */
  readonly slept: number;
}

export function createVirtualClock(start = Date.UTC(2026, 10, 1, 12)): VirtualClock {
  let t = start;
  let slept = 0;
  return {
    now: () => t,
    advance(ms) {
      t += Math.max(0, ms);
    },
    get slept() {
      return slept;
    },
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(abortError());
      const until = t + Math.max(0, ms);
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(abortError());
        signal?.addEventListener('abort', onAbort, { once: true });
        setImmediate(() => {
          signal?.removeEventListener('abort', onAbort);
          if (signal?.aborted) return;
          if (until > t) {
            slept += until - t;
            t = until;
          }
          resolve();
        });
      });
    },
  };
}

/**
 * A clock that only moves when the test says so: sleeps resolve once `advance` reaches
 * their deadline, in deadline order. For asserting what is queued at a given moment.
 */
export interface ManualClock extends PacingClock {
  /** Moves time forward, waking (in order) every sleep whose deadline is reached. */
  advance(ms: number): Promise<void>;
  /** Deadlines of the sleeps still pending, soonest first. */
  pending(): number[];
}

export function createManualClock(start = 0): ManualClock {
  let t = start;
  const sleepers: Array<{ at: number; resolve: () => void }> = [];
  const settle = () => new Promise<void>((r) => setImmediate(r));
  return {
    now: () => t,
    pending: () => sleepers.map((s) => s.at).sort((a, b) => a - b),
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(abortError());
      return new Promise<void>((resolve, reject) => {
        const sleeper = {
          at: t + Math.max(0, ms),
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const i = sleepers.indexOf(sleeper);
          if (i >= 0) sleepers.splice(i, 1);
          reject(abortError());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(sleeper);
      });
    },
    async advance(ms) {
      const target = t + Math.max(0, ms);
      await settle();
      for (;;) {
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers[0];
        if (!next || next.at > target) break;
        sleepers.shift();
        t = Math.max(t, next.at);
        next.resolve();
        // Let the woken code run (and perhaps sleep again) before the next deadline.
        await settle();
        await settle();
      }
      t = target;
      await settle();
    },
  };
}
