/**
 * History schemas of the contract: every send kept (request without secrets, response
 * meta, the body inline or as a file beside the log), listed newest first, exported as HAR.
 * The shapes of rows, bodies and timings follow the contract's send schemas; they are
 * spelt out here because this file cannot import contract.ts (which imports it).
 */
import { z } from 'zod';

const Method = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** `h<seq>-<8 hex>`: the seq lets main find the entry's file without reading the others. */
export const HistoryIdSchema = z.string().regex(/^h\d{1,15}-[0-9a-f]{8}$/, 'a history entry id');
/** A history body file: the entry's id and `.body`. */
export const HistoryFileIdSchema = z
  .string()
  .regex(/^h\d{1,15}-[0-9a-f]{8}\.body$/, 'a history body file id');

const Row = z.object({ name: z.string(), value: z.string(), enabled: z.boolean() });

/** The request as the operator sent it (variables by name), ready to load into a tab again. */
export const HistoryRequestSchema = z.object({
  method: Method,
  /** The absolute URL that was requested (before redirects); credential-like query values scrubbed. */
  url: z.string(),
  /** The path as typed in the tab (relative to the connection's base URL, or absolute). */
  path: z.string(),
  query: z.array(Row),
  headers: z.array(Row),
  body: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('json'), text: z.string() }),
    z.object({ kind: z.literal('text'), text: z.string(), contentType: z.string().optional() }),
    z.object({ kind: z.literal('form'), fields: z.array(Row) }),
  ]),
  /** The body text was longer than the history body limit and was cut there. */
  bodyTruncated: z.boolean().optional(),
});
export type HistoryRequest = z.infer<typeof HistoryRequestSchema>;

export const HistoryResponseMetaSchema = z.object({
  status: z.number().int(),
  statusText: z.string(),
  httpVersion: z.string(),
  /** Credential-like values (Set-Cookie, tokens) are replaced with `$REDACTED`. */
  headers: z.array(z.tuple([z.string(), z.string()])),
  /** Body bytes (decoded). */
  size: z.number().int(),
  timings: z.object({
    dns: z.number().nullable(),
    connect: z.number().nullable(),
    tls: z.number().nullable(),
    firstByte: z.number(),
    download: z.number(),
    total: z.number(),
  }),
  redirects: z.array(
    z.object({
      status: z.number().int(),
      from: z.string(),
      to: z.string(),
      credentialsDropped: z.boolean(),
    }),
  ),
  credentialsAttached: z.boolean(),
});
export type HistoryResponseMeta = z.infer<typeof HistoryResponseMetaSchema>;

/** The response body as history keeps it; `file` bodies are read with `history:body-chunk`. */
export const HistoryBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('empty') }),
  z.object({ kind: z.literal('text'), text: z.string(), contentType: z.string() }),
  z.object({ kind: z.literal('binary'), contentType: z.string(), base64: z.string() }),
  z.object({
    kind: z.literal('file'),
    fileId: HistoryFileIdSchema,
    contentType: z.string(),
    /** Bytes in the file. */
    size: z.number().int(),
    /** The first bytes as text, for a first look. */
    preview: z.string(),
  }),
  /** No body kept: the send failed, or its file could not be written or was removed. */
  z.object({ kind: z.literal('none'), reason: z.string() }),
]);
export type HistoryBody = z.infer<typeof HistoryBodySchema>;

export const HistoryEntrySchema = z.object({
  id: HistoryIdSchema,
  /** When the send started (ISO 8601). */
  at: z.string(),
  connectionId: z.string(),
  connectionName: z.string(),
  environment: z.string(),
  durationMs: z.number(),
  request: HistoryRequestSchema,
  /** null when no response came (refused, cancelled, network error). */
  response: HistoryResponseMetaSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  body: HistoryBodySchema,
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/** One row of the history list: no headers, no bodies. */
export const HistorySummarySchema = z.object({
  id: HistoryIdSchema,
  at: z.string(),
  connectionId: z.string(),
  connectionName: z.string(),
  environment: z.string(),
  method: Method,
  url: z.string(),
  status: z.number().int().nullable(),
  errorCode: z.string().nullable(),
  /** Response body bytes; null without a response. */
  size: z.number().int().nullable(),
  durationMs: z.number(),
});
export type HistorySummary = z.infer<typeof HistorySummarySchema>;

export const HistoryStatusClassSchema = z.enum(['1xx', '2xx', '3xx', '4xx', '5xx', 'error']);

export const HistoryListInputSchema = z
  .object({
    limit: z.number().int().min(1).max(500).default(50),
    /** `nextBefore` of the previous page: entries older than that one. */
    before: z.number().int().min(1).optional(),
    connectionId: z.string().max(100).optional(),
    method: Method.optional(),
    /** Exact status; wins over `statusClass`. */
    status: z.number().int().min(100).max(599).optional(),
    /** `error`: sends that got no response. */
    statusClass: HistoryStatusClassSchema.optional(),
    /** Case-insensitive substring of the URL, the request body or an inline response body. */
    text: z.string().min(1).max(500).optional(),
  })
  .strict();
export type HistoryListInput = z.input<typeof HistoryListInputSchema>;

export const HistoryPageSchema = z.object({
  entries: z.array(HistorySummarySchema),
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: z.number().int().nullable(),
  /** Lines skipped because they could not be read (reported once as a stored-data problem). */
  unreadableLines: z.number().int(),
});
export type HistoryPage = z.infer<typeof HistoryPageSchema>;

export const HistoryGetInputSchema = z
  .object({
    id: HistoryIdSchema,
    /** Also answer the response body as text (up to 2 MiB, from the file if need be), for a diff. */
    withBodyText: z.boolean().default(false),
  })
  .strict();

export const HistoryGetOutputSchema = z.object({
  entry: HistoryEntrySchema,
  /** With `withBodyText`: the body as text (null for binary or no body), cut at 2 MiB. */
  bodyText: z.object({ text: z.string(), truncated: z.boolean() }).nullable().optional(),
});
export type HistoryGetOutput = z.infer<typeof HistoryGetOutputSchema>;

export const HistoryClearInputSchema = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z.object({ olderThanDays: z.number().int().min(0).max(3650) }).strict(),
  z.object({ connectionId: z.string().min(1).max(100) }).strict(),
]);
export type HistoryClearInput = z.infer<typeof HistoryClearInputSchema>;

export const HistoryBodyChunkInputSchema = z
  .object({
    fileId: HistoryFileIdSchema,
    offset: z.number().int().min(0).default(0),
    maxBytes: z
      .number()
      .int()
      .min(1)
      .max(4 * 1024 * 1024)
      .default(1024 * 1024),
  })
  .strict();

export const HistoryBodyChunkSchema = z.object({
  /** UTF-8 text of the bytes [offset, nextOffset); cut at a character boundary. */
  text: z.string(),
  offset: z.number().int(),
  /** null at the end of the file. */
  nextOffset: z.number().int().nullable(),
  size: z.number().int(),
});

export const HistoryExportHarInputSchema = z
  .object({ ids: z.array(HistoryIdSchema).min(1).max(1000) })
  .strict();

export const HistoryExportHarSchema = z.object({
  /** A HAR 1.2 document (JSON text), every secret redacted. */
  har: z.string(),
  entries: z.number().int(),
  /** Ids that were not found (deleted or expired); they are left out. */
  missing: z.array(z.string()),
});
