import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Readable } from 'node:stream';
import type { ResponseBody } from '../../../preload/contract';
import { AppError } from '../errors';
import { SPOOL_SUFFIX } from './spool';
import { createRedactingSplitter } from '../security/redact-stream';

export interface BodyLimits {
  /** Bodies up to this size stay in memory and cross IPC; larger ones stream to a file. */
  memoryBytes: number;
  /** Nothing larger than this is accepted at all. */
  maxBytes: number;
  /** Where large bodies are written (`<dataDir>/responses`). */
  spoolDir: string;
  /**
   * Applied to a spooled body on its way to disk, so a secret the server echoes back
   * (a token in an error message, say) never lands in the data directory in the clear.
   */
  redact?: (text: string) => string;
}

export type EngineResponseBody = ResponseBody;

const TEXTUAL =
  /^(text\/|application\/(.*\+)?(json|xml|javascript|x-www-form-urlencoded|graphql|yaml|x-ndjson))/i;
const PREVIEW_BYTES = 64 * 1024;

/** Whether a content type names text (JSON, XML, form data… included). */
export function isTextualContentType(contentType: string): boolean {
  return TEXTUAL.test(contentType);
}

function decoderFor(encoding: string | undefined) {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

function looksLikeUtf8Text(buf: Buffer): boolean {
  if (buf.includes(0)) return false;
  return !new TextDecoder('utf-8', { fatal: false })
    .decode(buf.subarray(0, 4096))
    .includes('\uFFFD');
}

export function classifyBody(buf: Buffer, contentType: string): ResponseBody {
  if (buf.length === 0) return { kind: 'empty' };
  if (TEXTUAL.test(contentType) || (!contentType && looksLikeUtf8Text(buf))) {
    const text = buf.toString('utf8');
    if (/json/i.test(contentType)) {
      try {
        return { kind: 'text', text, contentType, json: JSON.parse(text) };
      } catch (err) {
        return {
          kind: 'text',
          text,
          contentType,
          jsonError: `The server labelled the body JSON but it does not parse (${err instanceof Error ? err.message : String(err)}).`,
        };
      }
    }
    return { kind: 'text', text, contentType };
  }
  return { kind: 'binary', contentType, base64: buf.toString('base64') };
}

export interface ReadBodyResult {
  body: ResponseBody;
  size: number;
}

/**
 * Reads a response body without ever buffering more than `memoryBytes`: past
 * that the bytes already read and the rest go to a spool file and the result
 * carries a handle. Decompresses gzip/deflate/br when the server used them.
 */
export async function readBody(
  source: Readable,
  opts: {
    requestId: string;
    contentType: string;
    contentEncoding?: string;
    limits: BodyLimits;
    onBytes?: (received: number) => void;
    /** Each piece of the body as it arrives, after content decoding. */
    onChunk?: (chunk: Buffer) => void;
  },
): Promise<ReadBodyResult> {
  const decoder = decoderFor(opts.contentEncoding);
  const stream: Readable = decoder ? source.pipe(decoder) : source;
  if (decoder) source.on('error', (err) => decoder.destroy(err));
  const chunks: Buffer[] = [];
  let size = 0;
  let previewBytes = 0;
  let file: WriteStream | undefined;
  let fileId: string | undefined;
  const splitter = opts.limits.redact
    ? createRedactingSplitter(opts.limits.redact, isTextualContentType(opts.contentType))
    : undefined;
  /** Writes to the spool file, through the redactor when there is one; waits for drain. */
  const toFile = async (pieces: Buffer[]): Promise<void> => {
    for (const piece of pieces) {
      if (!file!.write(piece)) await new Promise<void>((r) => file!.once('drain', () => r()));
    }
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > opts.limits.maxBytes) {
        throw new AppError(
          'too_large',
          `The response is larger than ${Math.round(opts.limits.maxBytes / 1048576)} MB, the most this console accepts. Narrow the request (filters, a smaller limit).`,
          { maxBytes: opts.limits.maxBytes },
        );
      }
      if (!file && size > opts.limits.memoryBytes) {
        await mkdir(opts.limits.spoolDir, { recursive: true });
        fileId = `${opts.requestId}${SPOOL_SUFFIX}`;
        file = createWriteStream(join(opts.limits.spoolDir, fileId), { flags: 'w', mode: 0o600 });
        for (const c of chunks) await toFile(splitter ? splitter.push(c) : [c]);
        // Keep only the preview in memory from here on.
        const head = Buffer.concat(chunks).subarray(0, PREVIEW_BYTES);
        chunks.length = 0;
        chunks.push(head);
        previewBytes = head.length;
      }
      if (file) {
        await toFile(splitter ? splitter.push(chunk) : [chunk]);
        if (previewBytes < PREVIEW_BYTES) {
          chunks.push(chunk);
          previewBytes += chunk.length;
        }
      } else {
        chunks.push(chunk);
      }
      opts.onChunk?.(chunk);
      opts.onBytes?.(size);
    }
  } catch (err) {
    source.destroy();
    if (file && fileId) {
      // A partial body is of no use and may be large: do not leave it in the data directory.
      const partial = file;
      await new Promise<void>((resolve) => partial.close(() => resolve()));
      await rm(join(opts.limits.spoolDir, fileId), { force: true });
    }
    throw err;
  }
  if (file && splitter) await toFile(splitter.end());
  if (file && fileId) {
    const out = file;
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(() => resolve());
    });
    const preview = Buffer.concat(chunks).subarray(0, PREVIEW_BYTES).toString('utf8');
    return { body: { kind: 'file', fileId, contentType: opts.contentType, preview }, size };
  }
  return { body: classifyBody(Buffer.concat(chunks, size), opts.contentType), size };
}
