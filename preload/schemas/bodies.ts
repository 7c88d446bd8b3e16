/**
 * Spooled response bodies (`body.kind === 'file'`): the viewer reads them through these
 * channels a window at a time, never whole. Lines are numbered from 0 everywhere.
 */
import { z } from 'zod';

/** The `fileId` of a `{kind:'file'}` response body: `<requestId>.body`. */
export const BodyFileIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,100}\.body$/, 'fileId: the fileId of a spooled response body');

const ByFile = z.object({ fileId: BodyFileIdSchema }).strict();
export const BodyViewSchema = z.enum(['raw', 'pretty']);
export type BodyView = z.infer<typeof BodyViewSchema>;

export const MAX_BODY_READ_BYTES = 1024 * 1024;
export const MAX_BODY_LINES = 2000;
export const MAX_BODY_SEARCH_HITS = 200;

export const BodyInfoSchema = z.object({
  fileId: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  /** False when the type was guessed from the bytes (the send path did not say). */
  contentTypeFromServer: z.boolean(),
  /** The Content-Type says JSON, or (without one) the body starts with `{` or `[`. */
  isJson: z.boolean(),
  encoding: z.enum(['utf-8', 'binary']),
  /** Raw line count once `bodies:index {view:'raw'}` has run (or a read built it); else null. */
  lines: z.number().int().nullable(),
  /** Pretty line count once the pretty index is complete; else null. */
  prettyLines: z.number().int().nullable(),
});
export type BodyInfo = z.infer<typeof BodyInfoSchema>;

export const BodyIndexInputSchema = z
  .object({ fileId: BodyFileIdSchema, view: BodyViewSchema })
  .strict();
export const BodyIndexSchema = z.object({
  view: BodyViewSchema,
  lines: z.number().int(),
  /** Raw view: the longest line in bytes (a huge one means a minified body: prefer Pretty). */
  longestLineBytes: z.number().int().nullable(),
  /** How long the indexing pass took. */
  ms: z.number(),
});

export const BodyIndexProgressSchema = z.object({
  fileId: z.string(),
  view: BodyViewSchema,
  scannedBytes: z.number().int(),
  totalBytes: z.number().int(),
  lines: z.number().int(),
  done: z.boolean(),
});

export const BodyReadInputSchema = z
  .object({
    fileId: BodyFileIdSchema,
    offset: z.number().int().min(0),
    length: z.number().int().min(1).max(MAX_BODY_READ_BYTES),
  })
  .strict();
export const BodyTextWindowSchema = z.object({
  text: z.string(),
  /** Where `text` starts (moved forward if `offset` fell inside a character). */
  offset: z.number().int(),
  /** Pass as the next `offset` to read on. */
  nextOffset: z.number().int(),
  eof: z.boolean(),
});

export const BodyLinesInputSchema = z
  .object({
    fileId: BodyFileIdSchema,
    fromLine: z.number().int().min(0),
    count: z.number().int().min(1).max(MAX_BODY_LINES),
    /** Longer lines are cut here and listed in `truncated` (default 10 000). */
    maxLineChars: z.number().int().min(80).max(1_000_000).default(10_000),
  })
  .strict();
export const BodyLinesSchema = z.object({
  fromLine: z.number().int(),
  /** May hold fewer than `count` lines: at the end, or when the answer reached 4 M characters. */
  lines: z.array(z.string()),
  /** Line numbers (absolute) whose text was cut at `maxLineChars`. */
  truncated: z.array(z.number().int()),
  /** True when `lines` ends with the body's last line. */
  eof: z.boolean(),
  /** The total, once the index is complete; null while it is still being built. */
  totalLines: z.number().int().nullable(),
});
export type BodyLines = z.infer<typeof BodyLinesSchema>;

const Position = z.object({ line: z.number().int().min(0), column: z.number().int().min(0) });

export const BodySearchInputSchema = z
  .object({
    fileId: BodyFileIdSchema,
    query: z.string().min(1).max(1000),
    regex: z.boolean().default(false),
    caseSensitive: z.boolean().default(false),
    /** Which lines hits are numbered in: the raw text, or the pretty-printed JSON. */
    view: BodyViewSchema.default('raw'),
    /** Continue after an earlier answer: pass its `next`. Default: the start. */
    from: Position.strict().optional(),
    maxHits: z.number().int().min(1).max(MAX_BODY_SEARCH_HITS).default(100),
  })
  .strict();
export const BodySearchHitSchema = z.object({
  line: z.number().int(),
  /** UTF-16 column, as an editor counts. */
  column: z.number().int(),
  length: z.number().int(),
  preview: z.string(),
  /** Where the match starts inside `preview`. */
  previewStart: z.number().int(),
  /** Byte offset of the match (raw view only). */
  offset: z.number().int().optional(),
});
export const BodySearchSchema = z.object({
  hits: z.array(BodySearchHitSchema),
  /** Where to continue (`from`) when `maxHits` was reached; null when the body is done. */
  next: Position.nullable(),
});
export type BodySearchHit = z.infer<typeof BodySearchHitSchema>;

export const BodyJsonPathInputSchema = z
  .object({ fileId: BodyFileIdSchema, path: z.string().min(1).max(2000) })
  .strict();
export const BodyJsonPathSchema = z.object({
  /** How many values matched. */
  count: z.number().int(),
  /** The matches as a pretty-printed JSON array (cut at 4 M characters: `truncated`). */
  text: z.string(),
  truncated: z.boolean(),
});

export const BodySaveInputSchema = z
  .object({
    fileId: BodyFileIdSchema,
    /**
     * Absolute path of the new file, typed in the browser host. The Electron app refuses it:
     * main asks its own save dialog, so a compromised renderer cannot choose where to write.
     */
    path: z.string().min(1).max(4096).optional(),
    /** A file name (no folder) the save dialog proposes, e.g. `threats.json`. */
    suggestedName: z
      .string()
      .regex(/^[^/\\\0]{1,200}$/, 'suggestedName: a file name without a folder')
      .optional(),
    overwrite: z.boolean().default(false),
  })
  .strict();
/** `path` is null when the operator cancelled the save dialog (nothing was written). */
export const BodySaveSchema = z.object({ path: z.string().nullable(), bytes: z.number().int() });

/** HTML for the Preview tab, at most the size of a body kept in memory. */
export const MAX_SANITIZE_HTML_CHARS = 8 * 1024 * 1024;
export const BodySanitizeHtmlInputSchema = z
  .object({ html: z.string().max(MAX_SANITIZE_HTML_CHARS) })
  .strict();
export const BodySanitizeHtmlSchema = z.object({ html: z.string() });

export const BodyOpenExternalSchema = z.object({ opened: z.literal(true), path: z.string() });

export const BodyFileInputSchema = ByFile;
