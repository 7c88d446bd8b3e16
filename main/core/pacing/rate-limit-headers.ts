/** What a response said about the server's rate limit, in seconds where it is a time. */
export interface RateLimitHeaders {
  limit?: number;
  remaining?: number;
  /** Seconds until the window resets (an epoch value is turned into seconds from now). */
  reset?: number;
  /** Seconds the server asked us to wait (Retry-After), rounded up. */
  retryAfter?: number;
}

type HeaderPairs = ReadonlyArray<readonly [string, string]>;

function header(headers: HeaderPairs, ...names: string[]): string | undefined {
  for (const name of names) {
    const hit = headers.find(([n]) => n.toLowerCase() === name);
    if (hit) return hit[1].trim();
  }
  return undefined;
}

/** The first number of a value such as `100` or `100, 100;w=60` (the IETF draft's policy form). */
function leadingNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/**
 * `Retry-After` in milliseconds from `now`: delay-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`). A date in the past means "now" (0); anything
 * else that does not parse is undefined, and the caller falls back to its default.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Epoch seconds are ~1.7e9 today; a window is never that long, so the size tells them apart. */
const EPOCH_SECONDS = 1e9;

function resetSeconds(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const n = leadingNumber(value);
  if (n === undefined) {
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
  }
  return n > EPOCH_SECONDS ? Math.max(0, Math.ceil(n - now / 1000)) : n;
}

/** `RateLimit: limit=100, remaining=50, reset=30` (draft ≤ 07) or `"default";r=50;t=30` (08+). */
function combined(value: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (value === undefined) return out;
  for (const part of value.split(/[,;]/)) {
    const m = /^\s*([a-z]+)\s*=\s*(\d+(?:\.\d+)?)\s*$/i.exec(part);
    if (m) out[m[1]!.toLowerCase()] = Number(m[2]);
  }
  return out;
}

/** Reads X-RateLimit-*, RateLimit-*, the combined RateLimit header and Retry-After. */
export function parseRateLimitHeaders(headers: HeaderPairs, now: number): RateLimitHeaders {
  const both = combined(header(headers, 'ratelimit'));
  const limit =
    leadingNumber(header(headers, 'x-ratelimit-limit', 'ratelimit-limit', 'x-rate-limit-limit')) ??
    both.limit;
  const remaining =
    leadingNumber(
      header(headers, 'x-ratelimit-remaining', 'ratelimit-remaining', 'x-rate-limit-remaining'),
    ) ??
    both.remaining ??
    both.r;
  const reset =
    resetSeconds(
      header(headers, 'x-ratelimit-reset', 'ratelimit-reset', 'x-rate-limit-reset'),
      now,
    ) ??
    both.reset ??
    both.t;
  const retryMs = parseRetryAfter(header(headers, 'retry-after'), now);
  const out: RateLimitHeaders = {};
  if (limit !== undefined) out.limit = limit;
  if (remaining !== undefined) out.remaining = remaining;
  if (reset !== undefined) out.reset = reset;
  if (retryMs !== undefined) out.retryAfter = Math.ceil(retryMs / 1000);
  return out;
}
