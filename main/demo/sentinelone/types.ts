import type { Catalog } from '../../../preload/schemas/catalog';
import type { RateLimitRule } from '../../../preload/schemas/connections';
import type { DEMO_S1_TOKENS } from './constants';

export interface DemoRequestLogEntry {
  at: string;
  method: string;
  path: string;
  query: string;
  /** 0 when no response was sent (dropped before headers, or the client left first). */
  status: number;
  authorized: boolean;
  hasBody: boolean;
  /** The fault switch that shaped this answer, if any. */
  fault?: DemoFaultKind;
  /** How long a latency fault held the request. */
  delayedMs?: number;
  /** `catalog`: no demo route exists; the answer is the catalog's response example. */
  source?: 'catalog';
}

export type DemoFaultKind =
  | 'latency'
  | 'status'
  | 'rate-limit-429'
  | 'malformed'
  | 'drop'
  | 'huge-body'
  | 'reset'
  // Rate limits: not a switch but the per-path table (setRateLimits) refusing the request.
  | 'rate-limit';

/**
 * One fault switch. The first rule whose `route` matches a request applies to it; a rule
 * may add latency and, at most, one of `status`, `rateLimit429`, `malformed`, `drop`,
 * `hugeBody`, `reset`.
 * Faults apply after authentication and routing, so 401s and 404s are never faulted.
 */
export interface DemoFaultRule {
  /** The router's stable route name (`GET /threats`, `POST /threats/mitigate/:action`) or `*`. */
  route: string;
  /** Hold the request this long before answering (0–60 000 ms). */
  latencyMs?: number;
  /** Answer with this status (400–599) and the error envelope, or `body` when given. */
  status?: number;
  /** JSON value sent instead of the error envelope; only with `status`. */
  body?: unknown;
  /** Answer 429 with `Retry-After: retryAfterSeconds` (0–3600) and the error envelope. */
  rateLimit429?: { retryAfterSeconds: number };
  /** Run the route, then send 200-style output cut in half (still `application/json`). */
  malformed?: true;
  /**
   * `before-headers`: destroy the socket without answering (the route does not run);
   * `mid-body`: run the route, send the headers and half the body, then destroy it.
   */
  drop?: 'before-headers' | 'mid-body';
  /**
   * Answer 200 with a generated body of exactly `bytes` (1 KiB–512 MiB), streamed, never
   * held in memory: `threats-json` is the list envelope (`{"data":[…threats…],
   * "pagination":{…}}`) and parses as JSON; `text` is log-like UTF-8 lines. The route does
   * not run. The same rule always streams the same bytes.
   */
  hugeBody?: { bytes: number; shape?: 'threats-json' | 'text' };
  /** Abort the connection with a TCP RST before answering (the client sees ECONNRESET). */
  reset?: true;
  /** Apply to the next N matching requests only (1–1 000 000), then expire. */
  times?: number;
}

/** A rule as it stands now: `remaining` counts down from `times` (null: no limit). */
export interface DemoFaultRuleState extends DemoFaultRule {
  remaining: number | null;
}

export interface SentinelOneDemoOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  seed?: number;
  /** Fixed "now" the data is generated around; default 2026-11-01T12:00:00Z. */
  now?: Date;
  /**
   * Answers for routes the demo does not implement: a catalog's documented examples.
   * Default: the catalog built from `resources/catalog/` (on first use); `null`: none.
   */
  catalog?: Catalog | null;
  /**
   * Rate limits: the clock the per-path buckets count with (epoch ms; default Date.now).
   * Tests share one with the console's pacer. (`now` above is the dataset's anchor date.)
   */
  clock?: () => number;
}

export interface SentinelOneDemo {
  /** e.g. http://127.0.0.1:41234/web/api/v2.1 */
  baseUrl: string;
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  port: number;
  tokens: typeof DEMO_S1_TOKENS;
  /** Every request to /web/api/v2.1/** (control routes are not logged). */
  requestLog(): DemoRequestLogEntry[];
  clearLog(): void;
  /** Back to the seeded state (fault switches are left as they are). */
  reset(): void;
  /**
   * Replaces the fault switches. Throws a RangeError naming the field when a rule is not
   * valid (unknown route, latency over 60 s, two answers in one rule, …).
   */
  setFaults(rules: readonly DemoFaultRule[]): void;
  /** The active rules, with how many uses each has left. */
  faults(): DemoFaultRuleState[];
  clearFaults(): void;
  /** Every route name a fault rule may give, besides `*` (the demo's own routes). */
  faultRoutes(): string[];
  /**
   * Rate limits: enforce the per-path table (SENTINELONE_DEFAULT_RATE_LIMITS) per token —
   * 429 with Retry-After over a bucket. Off by default; switching starts every bucket full.
   */
  setRateLimits(enabled: boolean): void;
  rateLimits(): { enabled: boolean; rules: readonly RateLimitRule[] };
  /** Closes the server, destroys open sockets and releases requests held by latency faults. */
  close(): Promise<void>;
}
