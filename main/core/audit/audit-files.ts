import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The audit directory's files and line-by-line readers over them. Readers take an open
 * handle and a byte limit, so a caller can snapshot the files (open them, note the
 * current file's size) and read later while appends and rotation carry on.
 */

export const CURRENT_FILE = 'audit.jsonl';
const ROTATED = /^audit-(\d{1,16})\.jsonl$/;
const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * A rotated file is named after the seq of its first entry, zero-padded so a file manager
 * sorts them too. The name lets verify() notice a line cut from the start of a file, and
 * lets list() skip whole files by seq.
 */
export function rotatedFileName(firstSeq: number): string {
  return `audit-${String(firstSeq).padStart(12, '0')}.jsonl`;
}

export interface RotatedFile {
  name: string;
  firstSeq: number;
}

/** Rotated files, oldest first. */
export async function listRotatedFiles(dir: string): Promise<RotatedFile[]> {
  const found: RotatedFile[] = [];
  for (const name of await readdir(dir)) {
    const m = ROTATED.exec(name);
    if (m?.[1] !== undefined) found.push({ name, firstSeq: Number(m[1]) });
  }
  return found.sort((a, b) => a.firstSeq - b.firstSeq);
}

export interface FileLine {
  bytes: Buffer;
  /** 1-based; only the forward reader counts lines. */
  line: number;
  /** False for a last line with no newline after it (a write cut short). */
  terminated: boolean;
  /** Byte offset of the line's start in the file. */
  offset: number;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buf, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? buf : buf.subarray(0, filled);
}

/** Lines from the start of the file up to `size` bytes. */
export async function* linesForward(handle: FileHandle, size: number): AsyncGenerator<FileLine> {
  let carry = Buffer.alloc(0);
  let carryOffset = 0;
  let line = 0;
  for (let pos = 0; pos < size;) {
    const chunk = await readAt(handle, pos, Math.min(CHUNK, size - pos));
    if (chunk.length === 0) break;
    pos += chunk.length;
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let i = data.indexOf(NEWLINE); i !== -1; i = data.indexOf(NEWLINE, start)) {
      line += 1;
      yield { bytes: data.subarray(start, i), line, terminated: true, offset: carryOffset + start };
      start = i + 1;
    }
    carryOffset += start;
    carry = Buffer.from(data.subarray(start));
  }
  if (carry.length > 0)
    yield { bytes: carry, line: line + 1, terminated: false, offset: carryOffset };
}

/**
 * Lines from the end of the file back to its start, reading 64 KiB at a time, so the
 * newest entries of a large log are found without reading it all. `line` is 0 here.
 */
export async function* linesBackward(handle: FileHandle, size: number): AsyncGenerator<FileLine> {
  let carry = Buffer.alloc(0); // the start of a line whose beginning is further left
  let atEnd = true;
  for (let pos = size; pos > 0;) {
    const length = Math.min(CHUNK, pos);
    pos -= length;
    const chunk = await readAt(handle, pos, length);
    const data = carry.length > 0 ? Buffer.concat([chunk, carry]) : chunk;
    let end = data.length;
    for (let i = data.lastIndexOf(NEWLINE); i !== -1; i = data.lastIndexOf(NEWLINE, end - 1)) {
      const bytes = data.subarray(i + 1, end);
      // The newline that ends the file closes the last line; it does not start an empty
      // one. Text after the final newline is a line whose write was cut short.
      if (!(atEnd && bytes.length === 0)) {
        yield { bytes, line: 0, terminated: !atEnd, offset: pos + i + 1 };
      }
      atEnd = false;
      end = i;
      // lastIndexOf with a negative start counts from the end of the buffer.
      if (end === 0) break;
    }
    carry = Buffer.from(data.subarray(0, end));
  }
  if (carry.length > 0) yield { bytes: carry, line: 0, terminated: !atEnd, offset: 0 };
}

/** Makes a rename or a new file in `dir` durable; some platforms cannot open a folder. */
export async function syncDir(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows refuses to open or fsync a directory (EPERM/EISDIR); NTFS journals renames.
  } finally {
    await handle?.close();
  }
}

/**
 * Writes lines to `filePath` so a crash leaves the old file or the whole new one (temp
 * file, fsync, rename), streaming: an export of 100k entries is never held in memory.
 */
export async function writeLinesAtomic(
  filePath: string,
  source: AsyncIterable<string>,
): Promise<{ lines: number; bytes: number }> {
  await mkdir(dirname(filePath), { recursive: true });
  const tmp = join(
    dirname(filePath),
    `.${basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const out = await open(tmp, 'w', 0o600);
  let lines = 0;
  let bytes = 0;
  try {
    let batch = '';
    for await (const line of source) {
      lines += 1;
      batch += line;
      if (batch.length >= CHUNK) {
        bytes += (await out.write(batch)).bytesWritten;
        batch = '';
      }
    }
    if (batch.length > 0) bytes += (await out.write(batch)).bytesWritten;
    await out.sync();
    await out.close();
    await rename(tmp, filePath);
  } catch (err) {
    await out.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
  return { lines, bytes };
}
