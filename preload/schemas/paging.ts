/**
 * Pacing, retry and fetch-all-pages schemas of the contract: what a response says
 * about rate limits, the queue and retry events, and the paging channels.
 */
import { z } from 'zod';

/** Rate-limit facts of one answer: the server's headers and what the console did. */
export const RateLimitInfoSchema = z.object({
  /** X-RateLimit-Limit / RateLimit-Limit / the combined RateLimit header. */
  limit: z.number().optional(),
  remaining: z.number().optional(),
  /** Seconds until the server's window resets (epoch values are converted). */
  reset: z.number().optional(),
  /** Seconds the server asked to wait (Retry-After), rounded up. */
  retryAfter: z.number().optional(),
  /** Attempts made, the first included (1 = no retry). */
  attempts: z.number().int().min(1),
  /** Milliseconds spent waiting in line and between retries. */
  waitedMs: z.number().int().min(0).optional(),
  /** The rate-limit rule (its `pathPrefix`) that paced the request, if one did. */
  rule: z.string().optional(),
});
export type RateLimitInfo = z.infer<typeof RateLimitInfoSchema>;

export const HttpQueuedEventSchema = z.object({
  requestId: z.string(),
  /** `queued`: waits for its bucket (show a countdown from `waitMs`); `started`: left the line. */
  state: z.enum(['queued', 'started']),
  /** Estimated milliseconds until it is sent, as of this event; 0 once started. */
  waitMs: z.number().int().min(0),
  /** 1 = next in line; 0 once started. */
  position: z.number().int().min(0),
  /** The rule's `pathPrefix`, e.g. `/threats`. */
  rule: z.string(),
});

export const HttpRetryEventSchema = z.object({
  requestId: z.string(),
  /** The attempt about to be made (2 = the first retry). */
  attempt: z.number().int().min(2),
  waitMs: z.number().int().min(0),
  reason: z.enum(['rate-limited', 'unavailable', 'connection-reset']),
  /** The status that caused the retry (absent for a connection reset). */
  status: z.number().int().optional(),
});

export const FetchIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,80}$/, 'fetchId: letters, digits, _ or -');
/** A merged result or an export, held in the data directory; never a path. */
export const PagingFileIdSchema = z
  .string()
  .regex(/^(fetchall|export)-[a-f0-9]{8,64}$/, 'a file id from paging:fetch-all or paging:export');

export const PAGING_DEFAULT_MAX_ITEMS = 10_000;
export const PAGING_MAX_ITEMS = 1_000_000;
/** paging:read hands out at most this many bytes per call. */
export const PAGING_READ_MAX_BYTES = 1024 * 1024;

/** The fields of `paging:fetch-all`'s input besides the request spec (joined in contract.ts). */
export const FetchAllOptionsShape = {
  fetchId: FetchIdSchema,
  /** Stop once this many distinct items are kept. */
  maxItems: z.number().int().min(1).max(PAGING_MAX_ITEMS).default(PAGING_DEFAULT_MAX_ITEMS),
  maxPages: z.number().int().min(1).max(1_000_000).optional(),
};

export const FetchStopSchema = z.enum(['end', 'max-items', 'max-pages', 'cancelled', 'error']);
export type FetchStop = z.infer<typeof FetchStopSchema>;

export const FetchAllResultSchema = z.object({
  fetchId: z.string(),
  /** Distinct items kept (the number of lines in the merged file). */
  items: z.number().int(),
  pages: z.number().int(),
  /** `pagination.totalItems` of the last page read; null when the API did not say. */
  totalItems: z.number().int().nullable(),
  /** Items dropped because their `id` was already kept (a live tenant shifts under paging). */
  duplicates: z.number().int(),
  stoppedBy: FetchStopSchema,
  /** Why it stopped, when `stoppedBy` is `error`: an app error code or `http_status`. */
  error: z
    .object({ code: z.string(), message: z.string(), status: z.number().int().optional() })
    .optional(),
  /** The merged items as JSON Lines; read with paging:read, export with paging:export. */
  fileId: PagingFileIdSchema,
  bytes: z.number().int(),
});
export type FetchAllResult = z.infer<typeof FetchAllResultSchema>;

export const PagingProgressEventSchema = z.object({
  fetchId: z.string(),
  pages: z.number().int(),
  items: z.number().int(),
  totalItems: z.number().int().nullable(),
  itemsPerSecond: z.number(),
  done: z.boolean(),
  /** Set on the last event (`done: true`). */
  stoppedBy: FetchStopSchema.optional(),
});

export const PagingExportFormatSchema = z.enum(['json', 'ndjson', 'csv']);

export const PagingExportInputSchema = z
  .object({
    fileId: PagingFileIdSchema,
    format: PagingExportFormatSchema,
    /**
     * CSV only: a text cell starting with = + - @ (or a tab / CR) gets a leading `'`, so a
     * spreadsheet shows it instead of running it as a formula (threat data is attacker-made).
     */
    spreadsheetSafe: z.boolean().default(true),
  })
  .strict();

export const PagingExportResultSchema = z.object({
  /** Read it in chunks with paging:read to hand the renderer a Blob for download. */
  fileId: PagingFileIdSchema,
  path: z.string(),
  format: PagingExportFormatSchema,
  bytes: z.number().int(),
  rows: z.number().int(),
  /** CSV only: the header row's names, in order. */
  columns: z.array(z.string()).optional(),
});

export const PagingReadInputSchema = z
  .object({
    fileId: PagingFileIdSchema,
    /** Byte offset (use the previous answer's `nextOffset`). */
    offset: z.number().int().min(0).default(0),
    length: z.number().int().min(1).max(PAGING_READ_MAX_BYTES).default(PAGING_READ_MAX_BYTES),
  })
  .strict();

export const PagingReadResultSchema = z.object({
  /** UTF-8 text; never ends inside a character, so chunks concatenate cleanly. */
  text: z.string(),
  offset: z.number().int(),
  nextOffset: z.number().int(),
  totalBytes: z.number().int(),
  eof: z.boolean(),
});
