import { fileChunks, GrowingIndex, PassCancelled } from './file-chunks';
import { INDEX_STRIDE, OffsetList } from './sparse-index';

const NEWLINE = 0x0a;

export interface IndexPassOptions {
  /** Stop quietly (the body was released or replaced). */
  cancelled?: () => boolean;
  onProgress?: () => void;
  /** Read size (tests use small ones to cross chunk boundaries everywhere). */
  chunkBytes?: number;
}

/**
 * Where the raw lines of a body start (split on `\n`, as `text.split('\n')` would): the
 * byte offset of every `INDEX_STRIDE`-th line, found in one pass with `indexOf`.
 */
export class RawLineIndex extends GrowingIndex {
  readonly starts = new OffsetList();
  /** Length in bytes of the longest line (final once `done`). */
  longestLine = 0;

  constructor() {
    super();
    this.starts.push(0);
    this.lines = 1;
  }

  get bytes(): number {
    return this.starts.bytes;
  }
}

export async function buildRawLineIndex(
  path: string,
  index: RawLineIndex,
  options: IndexPassOptions = {},
): Promise<void> {
  index.startedAt = performance.now();
  let lineStart = 0;
  let base = 0;
  try {
    for await (const chunk of fileChunks(path, 0, options.chunkBytes)) {
      if (options.cancelled?.()) {
        index.failure = new PassCancelled();
        return;
      }
      let at = chunk.indexOf(NEWLINE);
      while (at >= 0) {
        const offset = base + at;
        index.longestLine = Math.max(index.longestLine, offset - lineStart);
        lineStart = offset + 1;
        if (index.lines % INDEX_STRIDE === 0) index.starts.push(lineStart);
        index.lines++;
        at = chunk.indexOf(NEWLINE, at + 1);
      }
      base += chunk.length;
      index.scanned = base;
      index.progressed();
      options.onProgress?.();
    }
    index.longestLine = Math.max(index.longestLine, base - lineStart);
    index.done = true;
    index.finishedAt = performance.now();
  } catch (err) {
    index.failure = err;
    throw err;
  } finally {
    index.progressed();
  }
}

export interface LineWindow {
  fromLine: number;
  lines: string[];
  /** Line numbers whose text was cut at `maxLineChars`. */
  truncated: number[];
  /** True when the last line of the body is in `lines`. */
  eof: boolean;
}

/** Text limits of one answer: no window may carry more than this many characters. */
export const MAX_WINDOW_CHARS = 4 * 1024 * 1024;

/**
 * Collects lines as text with a cap per line: a line is kept up to `maxLineChars`
 * characters (at most four bytes each), the rest of it is skipped, not buffered.
 */
export class LineCollector {
  readonly lines: string[] = [];
  readonly truncated: number[] = [];
  private parts: Buffer[] = [];
  private partBytes = 0;
  private cut = false;
  private chars = 0;
  private readonly capBytes: number;

  constructor(
    private readonly firstLine: number,
    private readonly maxLineChars: number,
  ) {
    this.capBytes = maxLineChars * 4;
  }

  /** Adds bytes of the current line. */
  add(bytes: Buffer): void {
    if (this.cut) return;
    const room = this.capBytes - this.partBytes;
    if (bytes.length > room) {
      this.parts.push(Buffer.from(bytes.subarray(0, room)));
      this.partBytes += room;
      this.cut = true;
      return;
    }
    this.parts.push(Buffer.from(bytes));
    this.partBytes += bytes.length;
  }

  /** Ends the current line. */
  finish(): void {
    let text = Buffer.concat(this.parts, this.partBytes).toString('utf8');
    if (!this.cut && text.endsWith('\r')) text = text.slice(0, -1);
    this.push(text, this.cut);
    this.parts = [];
    this.partBytes = 0;
    this.cut = false;
  }

  /** Adds a whole line given as text; `cut`: it is already known to be incomplete. */
  push(text: string, cut: boolean): void {
    if (text.length > this.maxLineChars) {
      text = text.slice(0, this.maxLineChars);
      cut = true;
    }
    if (cut) this.truncated.push(this.firstLine + this.lines.length);
    this.lines.push(text);
    this.chars += text.length;
  }

  get full(): boolean {
    return this.chars >= MAX_WINDOW_CHARS;
  }
}

/** Reads `count` raw lines from `fromLine`, starting at the nearest indexed line. */
export async function readRawLines(
  path: string,
  index: RawLineIndex,
  fromLine: number,
  count: number,
  maxLineChars: number,
  chunkBytes?: number,
): Promise<LineWindow> {
  const checkpoint = Math.floor(fromLine / INDEX_STRIDE);
  await index.until(() => index.starts.length > checkpoint);
  if (index.starts.length <= checkpoint || (index.done && fromLine >= index.lines)) {
    return { fromLine, lines: [], truncated: [], eof: true };
  }
  let line = checkpoint * INDEX_STRIDE;
  const out = new LineCollector(fromLine, maxLineChars);
  const wanted = () => out.lines.length < count && !out.full;
  for await (const chunk of fileChunks(path, index.starts.at(checkpoint), chunkBytes)) {
    let from = 0;
    while (from <= chunk.length && wanted()) {
      const nl = chunk.indexOf(NEWLINE, from);
      const end = nl < 0 ? chunk.length : nl;
      if (line >= fromLine) out.add(chunk.subarray(from, end));
      if (nl < 0) break;
      if (line >= fromLine) out.finish();
      line++;
      from = nl + 1;
    }
    if (!wanted()) return { fromLine, lines: out.lines, truncated: out.truncated, eof: false };
  }
  // The file ended: the last line has no newline after it.
  if (line >= fromLine && wanted()) out.finish();
  return { fromLine, lines: out.lines, truncated: out.truncated, eof: true };
}
