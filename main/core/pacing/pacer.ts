import type { ConnectionConfig, HttpResponse, RateLimitRule } from '../../../preload/contract';
import type { CallContext } from '../dispatch';
import { AppError, isAppError } from '../errors';
import type { EngineRequest, HttpEngine, SendOptions } from '../http/engine';
import { BucketQueue, cancelledWhileQueued, type QueueUpdate } from './bucket-queue';
import { isAbortError, systemClock, type PacingClock } from './clock';
import { parseRateLimitHeaders, parseRetryAfter } from './rate-limit-headers';
import {
  DEFAULT_RETRY_POLICY,
  retryReasonForError,
  retryReasonForStatus,
  retryWaitMs,
  type RetryPolicy,
  type RetryReason,
} from './retry-policy';
import { pathBelowBase, rateLimitsOf, ruleFor } from './rules';
import { TokenBucket } from './token-bucket';

/** What the pacer needs of a connection: where its API lives and its table. */
export type PacedConnection = Pick<ConnectionConfig, 'kind' | 'baseUrl' | 'rateLimits'>;

export interface QueuedNotice extends QueueUpdate {
  /** The `pathPrefix` of the rule whose bucket the request waits for. */
  rule: string;
}

export interface RetryNotice {
  /** The attempt about to be made (2 = the first retry). */
  attempt: number;
  waitMs: number;
  reason: RetryReason;
  /** The status that caused it (absent for a connection reset). */
  status?: number;
}

export interface PacingHooks {
  onQueued?(notice: QueuedNotice): void;
  onRetry?(notice: RetryNotice): void;
}

export interface PacerOptions {
  engine: HttpEngine;
  clock?: PacingClock;
  /** Uniform in [0, 1); injected so jitter is deterministic in tests. */
  random?: () => number;
  retry?: Partial<RetryPolicy>;
}

function cancelled(): AppError {
  return new AppError('aborted', 'The request was cancelled. Send it again when you are ready.');
}

/** The hooks that turn pacing notices into `http:queued` / `http:retry` events for one request. */
export function pacingEvents(ctx: CallContext, requestId: string): PacingHooks {
  return {
    onQueued: (n) => ctx.emit('http:queued', { requestId, ...n }),
    onRetry: (n) => ctx.emit('http:retry', { requestId, ...n }),
  };
}

/**
 * Sends through the connection's rate-limit table and retries what is safe to retry.
 *
 * Pacing: one token bucket per (connection, rule); a request's rule is the longest
 * `pathPrefix` covering its path below the connection's base path, and requests without
 * a rule (or on a connection with an empty table) go straight out. Retries: a 429 for
 * every method, a 503 for GET/HEAD/OPTIONS, a connection reset for GET/HEAD (see
 * retry-policy.ts), up to `maxAttempts` and `maxTotalWaitMs`; then the last answer (or
 * error) is the caller's. The request's timeout applies to each attempt, not to waits.
 */
export class Pacer {
  private readonly engine: HttpEngine;
  private readonly clock: PacingClock;
  private readonly random: () => number;
  private readonly policy: RetryPolicy;
  private readonly queues = new Map<string, BucketQueue>();
  private readonly active = new Map<string, AbortController>();

  constructor(options: PacerOptions) {
    this.engine = options.engine;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  }

  private queueFor(connectionId: string, rule: RateLimitRule): BucketQueue {
    // The rule's numbers are part of the key: an edited table starts fresh buckets.
    const key = [connectionId, rule.pathPrefix, rule.perSecond, rule.burst].join('\u0000');
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new BucketQueue(new TokenBucket(rule, this.clock.now()), this.clock);
      this.queues.set(key, queue);
    }
    return queue;
  }

  /** The rule that paces a request to `url` on this connection, if any. */
  ruleOf(connection: PacedConnection, url: URL): RateLimitRule | undefined {
    const path = pathBelowBase(url, connection.baseUrl);
    return path === undefined ? undefined : ruleFor(rateLimitsOf(connection), path);
  }

  async send(
    connectionId: string,
    connection: PacedConnection,
    req: EngineRequest,
    options: SendOptions = {},
    hooks: PacingHooks = {},
  ): Promise<HttpResponse> {
    if (this.active.has(req.requestId)) {
      throw new AppError('invalid_input', `A request with id ${req.requestId} is already running.`);
    }
    const ctl = new AbortController();
    this.active.set(req.requestId, ctl);
    try {
      return await this.run(connectionId, connection, req, options, hooks, ctl.signal);
    } finally {
      this.active.delete(req.requestId);
    }
  }

  private async run(
    connectionId: string,
    connection: PacedConnection,
    req: EngineRequest,
    options: SendOptions,
    hooks: PacingHooks,
    signal: AbortSignal,
  ): Promise<HttpResponse> {
    const rule = this.ruleOf(connection, req.url);
    const queue = rule && this.queueFor(connectionId, rule);
    let retryWaited = 0;
    // Time in line and between retries; the attempts' own time on the wire is in the timings.
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      if (queue) {
        const queuedAt = this.clock.now();
        await queue.acquire(signal, (u) => hooks.onQueued?.({ ...u, rule: rule.pathPrefix }));
        waited += this.clock.now() - queuedAt;
      }
      if (signal.aborted) throw cancelledWhileQueued();
      let response: HttpResponse | undefined;
      let failure: unknown;
      try {
        response = await this.engine.send(req, options);
      } catch (err) {
        failure = err;
      }
      if (signal.aborted) throw isAppError(failure) ? failure : cancelled();
      const now = this.clock.now();
      const retryAfterMs = response && parseRetryAfter(headerOf(response, 'retry-after'), now);
      if (response?.status === 429 && queue) {
        // The server's word beats our table: nobody on this bucket goes before it allows.
        queue.bucket.holdUntil(now + (retryAfterMs ?? this.policy.fallbackRetryAfterMs));
      }
      const reason = response
        ? retryReasonForStatus(req.method, response.status)
        : retryReasonForError(req.method, failure);
      const waitMs = reason && retryWaitMs(reason, attempt, retryAfterMs, this.policy, this.random);
      const retry =
        reason !== undefined &&
        waitMs !== undefined &&
        attempt < this.policy.maxAttempts &&
        retryWaited + waitMs <= this.policy.maxTotalWaitMs;
      if (!retry) {
        if (response) return this.withRateLimit(response, attempt, waited, rule);
        throw withAttempts(failure, attempt);
      }
      hooks.onRetry?.({
        attempt: attempt + 1,
        waitMs,
        reason,
        ...(response && { status: response.status }),
      });
      try {
        await this.clock.sleep(waitMs, signal);
      } catch (err) {
        if (isAbortError(err)) throw cancelled();
        throw err;
      }
      retryWaited += waitMs;
      waited += waitMs;
    }
  }

  private withRateLimit(
    response: HttpResponse,
    attempts: number,
    waitedMs: number,
    rule: RateLimitRule | undefined,
  ): HttpResponse {
    return {
      ...response,
      rateLimit: {
        ...parseRateLimitHeaders(response.headers, this.clock.now()),
        attempts,
        waitedMs: Math.max(0, Math.round(waitedMs)),
        ...(rule && { rule: rule.pathPrefix }),
      },
    };
  }

  /** Cancels a request wherever it is: waiting in line, between retries, or on the wire. */
  cancel(requestId: string): boolean {
    const ctl = this.active.get(requestId);
    const onWire = this.engine.cancel(requestId);
    if (!ctl) return onWire;
    ctl.abort();
    return true;
  }

  /** Shutdown: every waiting and running request ends. */
  cancelAll(): void {
    for (const ctl of this.active.values()) ctl.abort();
    for (const queue of this.queues.values()) queue.failAll(cancelled());
    this.engine.cancelAll();
  }
}

function headerOf(response: HttpResponse, name: string): string | undefined {
  return response.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

function withAttempts(err: unknown, attempts: number): unknown {
  if (attempts <= 1 || !isAppError(err)) return err;
  const details =
    typeof err.details === 'object' && err.details !== null && !Array.isArray(err.details)
      ? { ...(err.details as Record<string, unknown>), attempts }
      : { attempts };
  return new AppError(err.code, `${err.message} (${attempts} attempts)`, details);
}
