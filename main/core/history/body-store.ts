import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import type { HttpResponse } from '../../../preload/contract';
import type { HistoryBody } from '../../../preload/schemas/history';
import { isTextualContentType } from '../http/response-body';
import { scrubJsonSecrets } from './scrub';
import { redactedPieces, type RedactText } from '../security/redact-stream';

/**
 * Response bodies for history: kept inline when small, else written to
 * `<dataDir>/history-bodies/<entry id>.body`. Every byte that is kept passes the redactor
 * first, a spooled body of gigabytes included, streamed in 1 MiB pieces. Text bodies are
 * redacted as UTF-8; binary ones as Latin-1, which maps each byte to one character and back,
 * so the bytes around a match are kept exactly.
 */

const READ_CHUNK = 1024 * 1024;
const PREVIEW_BYTES = 64 * 1024;
/** The most `bodyText` answers, for a diff. */
export const DIFF_TEXT_MAX_BYTES = 2 * 1024 * 1024;

function* slices(buf: Buffer): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += READ_CHUNK) yield buf.subarray(i, i + READ_CHUNK);
}

export interface BodyStoreOptions {
  bodiesDir: string;
  /** The engine's spool folder, where `file` response bodies are. */
  spoolDir: string;
  redact: RedactText;
}

/** Redacts one textual body kept in memory: known secrets, then credential-named JSON keys. */
export function redactInlineText(text: string, redact: RedactText, contentType = ''): string {
  const redacted = redact(text);
  return /json/i.test(contentType) || /^\s*[[{]/.test(redacted)
    ? scrubJsonSecrets(redacted)
    : redacted;
}

export class BodyStore {
  constructor(private readonly o: BodyStoreOptions) {}

  /** What history keeps of a response body, writing the file when it is over `maxBytes`. */
  async keep(id: string, body: HttpResponse['body'], maxBytes: number): Promise<HistoryBody> {
    switch (body.kind) {
      case 'empty':
        return { kind: 'empty' };
      case 'text': {
        const bytes = Buffer.byteLength(body.text, 'utf8');
        const text = redactInlineText(body.text, this.o.redact, body.contentType);
        if (bytes <= maxBytes) return { kind: 'text', text, contentType: body.contentType };
        return this.writeFile(id, slices(Buffer.from(text, 'utf8')), true, body.contentType);
      }
      case 'binary': {
        const raw = Buffer.from(body.base64, 'base64');
        if (raw.length <= maxBytes) {
          const redacted = Buffer.from(this.o.redact(raw.toString('latin1')), 'latin1');
          return {
            kind: 'binary',
            contentType: body.contentType,
            base64: redacted.toString('base64'),
          };
        }
        return this.writeFile(id, slices(raw), false, body.contentType);
      }
      case 'file': {
        const source = join(this.o.spoolDir, basename(body.fileId));
        const textual = isTextualContentType(body.contentType);
        let size: number;
        try {
          size = (await stat(source)).size;
        } catch {
          return {
            kind: 'none',
            reason: 'The body file was removed before history could copy it.',
          };
        }
        if (size <= maxBytes) {
          const chunks: Buffer[] = [];
          for await (const piece of createReadStream(source)) chunks.push(piece as Buffer);
          const raw = Buffer.concat(chunks);
          return textual
            ? this.keep(
                id,
                { kind: 'text', text: raw.toString('utf8'), contentType: body.contentType },
                maxBytes,
              )
            : this.keep(
                id,
                { kind: 'binary', base64: raw.toString('base64'), contentType: body.contentType },
                maxBytes,
              );
        }
        return this.writeFile(
          id,
          createReadStream(source, { highWaterMark: READ_CHUNK }),
          textual,
          body.contentType,
          /json/i.test(body.contentType),
        );
      }
    }
  }

  private async writeFile(
    id: string,
    source: AsyncIterable<Buffer> | Iterable<Buffer>,
    textual: boolean,
    contentType: string,
    json = false,
  ): Promise<HistoryBody> {
    const redact = json ? (t: string) => scrubJsonSecrets(this.o.redact(t)) : this.o.redact;
    const fileId = `${id}.body`;
    const path = join(this.o.bodiesDir, fileId);
    const tmp = join(this.o.bodiesDir, `.${fileId}.${randomBytes(6).toString('hex')}.tmp`);
    const out = await open(tmp, 'w', 0o600);
    let size = 0;
    const head: Buffer[] = [];
    let headBytes = 0;
    try {
      const iterable = (async function* () {
        yield* source;
      })();
      for await (const piece of redactedPieces(iterable, textual, redact)) {
        let written = 0;
        while (written < piece.length) {
          written += (await out.write(piece, written, piece.length - written, null)).bytesWritten;
        }
        size += piece.length;
        if (headBytes < PREVIEW_BYTES) {
          head.push(piece.subarray(0, PREVIEW_BYTES - headBytes));
          headBytes += Math.min(piece.length, PREVIEW_BYTES - headBytes);
        }
      }
      await out.close();
      await rename(tmp, path);
    } catch (err) {
      await out.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw err;
    }
    const preview = textual ? Buffer.concat(head).toString('utf8') : '';
    return { kind: 'file', fileId, contentType, size, preview };
  }

  /** Bytes [offset, offset+maxBytes) of a body file as UTF-8, cut at a character boundary. */
  async chunk(
    fileId: string,
    offset: number,
    maxBytes: number,
  ): Promise<{ text: string; offset: number; nextOffset: number | null; size: number } | null> {
    let handle;
    try {
      handle = await open(join(this.o.bodiesDir, basename(fileId)), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      const size = (await handle.stat()).size;
      const start = Math.min(offset, size);
      const buf = Buffer.alloc(Math.min(maxBytes, size - start));
      const { bytesRead } = await handle.read(buf, 0, buf.length, start);
      let end = bytesRead;
      // A piece shorter than one character would never move on: answer its bytes as they are.
      if (start + end < size) end = utf8Boundary(buf, end) || end;
      const next = start + end;
      return {
        text: buf.subarray(0, end).toString('utf8'),
        offset: start,
        nextOffset: next >= size ? null : next,
        size,
      };
    } finally {
      await handle.close();
    }
  }
}

/** The largest length ≤ `end` that does not cut a UTF-8 sequence (a whole buffer never is). */
function utf8Boundary(buf: Buffer, end: number): number {
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = buf[end - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? end - back : end;
  }
  return end;
}
