import { Script, createContext } from 'node:vm';
import { AppError } from '../errors';
import { fileChunks } from './file-chunks';
import { utf8Boundary } from './json-scanner';
import type { RawLineIndex } from './line-index';
import { INDEX_STRIDE } from './sparse-index';

export const MAX_SEARCH_HITS = 200;
/** A user's regular expression may run this long on one piece of text (catastrophic backtracking). */
export const REGEX_BUDGET_MS = 1500;
/** Text is searched a piece at a time: whole lines up to about this many characters. */
const SEGMENT_CHARS = 1024 * 1024;
/** In a line longer than a segment, matches up to this long are still found across the cut. */
const OVERLAP_CHARS = 4096;
const CONTEXT_BEFORE = 40;
const CONTEXT_AFTER = 80;

export interface SearchHit {
  /** Line number, from 0. */
  line: number;
  /** UTF-16 column of the match's start in the line (what an editor counts), from 0. */
  column: number;
  /** Length of the match in UTF-16 code units. */
  length: number;
  /** A short piece of the line around the match. */
  preview: string;
  /** Where the match starts in `preview`. */
  previewStart: number;
  /** Byte offset of the match in the body (raw view only). */
  offset?: number;
}

export interface SearchQuery {
  query: string;
  regex: boolean;
  caseSensitive: boolean;
  maxHits: number;
}

/** Matches in `text` starting in [from, end): flat [index, length, …], at most `limit` of them. */
type Finder = (text: string, from: number, end: number, limit: number) => number[];

/** Escapes a literal for a RegExp (syntax characters only, so it is valid with the `u` flag). */
function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function findAll(re: RegExp, text: string, from: number, end: number, limit: number): number[] {
  const out: number[] = [];
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && m.index < end) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push(m.index, m[0].length);
    if (out.length >= limit * 2) break;
  }
  return out;
}

// The same loop as findAll, run in a context with a time limit: V8 can interrupt a regular
// expression there, so a pattern like (a+)+$ cannot freeze the main process.
const GUARDED = new Script(`(() => {
  const out = [];
  re.lastIndex = from;
  let m;
  while ((m = re.exec(text)) !== null && m.index < end) {
    if (m[0].length === 0) { re.lastIndex++; continue; }
    out.push(m.index, m[0].length);
    if (out.length >= limit * 2) break;
  }
  return out;
})()`);

export function createFinder(q: SearchQuery): Finder {
  const flags = `gm${q.caseSensitive ? '' : 'i'}`;
  if (!q.regex) {
    const re = new RegExp(escapeLiteral(q.query), `${flags}u`);
    return (text, from, end, limit) => findAll(re, text, from, end, limit);
  }
  let re: RegExp;
  try {
    re = new RegExp(q.query, `${flags}u`);
  } catch {
    try {
      re = new RegExp(q.query, flags);
    } catch (err) {
      throw new AppError(
        'invalid_input',
        `The search is not a valid regular expression: ${(err as Error).message}. Fix it, or turn off "regex" to search for the text as typed.`,
      );
    }
  }
  const context = createContext({ re, text: '', from: 0, end: 0, limit: 0 });
  return (text, from, end, limit) => {
    Object.assign(context, { text, from, end, limit });
    try {
      const found = GUARDED.runInContext(context, { timeout: REGEX_BUDGET_MS }) as number[];
      return Array.from(found);
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        throw new AppError(
          'invalid_input',
          `The regular expression took longer than ${REGEX_BUDGET_MS} ms on one piece of the body (it backtracks too much). Simplify it, e.g. avoid nested repetition such as (a+)+.`,
        );
      }
      throw err;
    } finally {
      context['text'] = '';
    }
  };
}

/**
 * Runs a finder over text that arrives in pieces, keeping line and column (and byte
 * offset, for the raw view) of every hit. Holds at most a segment of text at a time.
 */
export class TextSearcher {
  readonly hits: SearchHit[] = [];
  private buf = '';
  private line: number;
  private column: number;
  private byte: number;
  /** Hits before this column of the first line were answered already (paging on). */
  private readonly skipLine: number;
  private readonly skipColumns: number;

  constructor(
    private readonly find: Finder,
    private readonly maxHits: number,
    start: { line: number; skipColumns: number; byte?: number },
    private readonly trackBytes: boolean,
  ) {
    this.line = start.line;
    this.column = 0;
    this.byte = start.byte ?? 0;
    this.skipLine = start.line;
    this.skipColumns = start.skipColumns;
  }

  get full(): boolean {
    return this.hits.length >= this.maxHits;
  }

  push(text: string): void {
    this.buf += text;
    if (this.buf.length >= SEGMENT_CHARS) this.process(false);
  }

  end(): void {
    this.process(true);
  }

  private process(final: boolean): void {
    const buf = this.buf;
    let commit = buf.length;
    if (!final) {
      const nl = buf.lastIndexOf('\n');
      if (nl >= 0) commit = nl + 1;
      else if (buf.length > SEGMENT_CHARS) commit = buf.length - OVERLAP_CHARS;
      else return;
    }
    let at = 0;
    let line = this.line;
    let column = this.column;
    let byte = this.byte;
    let lineStart = -column; // index in buf where the current line began (may be negative)
    // The finder answers a limited number of matches; ask again after the last one until the
    // committed text is done (skipped matches on the resume line do not count as hits).
    for (let searchFrom = 0; !this.full;) {
      const limit = this.maxHits - this.hits.length;
      const found = this.find(buf, searchFrom, commit, limit);
      for (let i = 0; i < found.length && !this.full; i += 2) {
        const index = found[i]!;
        const length = found[i + 1]!;
        for (
          let nl = buf.indexOf('\n', at);
          nl >= 0 && nl < index;
          nl = buf.indexOf('\n', nl + 1)
        ) {
          line++;
          lineStart = nl + 1;
        }
        if (this.trackBytes) byte += Buffer.byteLength(buf.slice(at, index));
        at = index;
        column = index - lineStart;
        if (line === this.skipLine && column < this.skipColumns) continue;
        const from = Math.max(index - CONTEXT_BEFORE, Math.max(lineStart, 0));
        let to = buf.indexOf('\n', index);
        if (to < 0 || to > index + length + CONTEXT_AFTER) to = index + length + CONTEXT_AFTER;
        this.hits.push({
          line,
          column,
          length,
          preview: buf.slice(from, Math.min(to, buf.length)),
          previewStart: index - from,
          ...(this.trackBytes ? { offset: byte } : {}),
        });
      }
      if (found.length < limit * 2) break;
      searchFrom = found[found.length - 2]! + found[found.length - 1]!;
    }
    // Move past the committed text.
    for (let nl = buf.indexOf('\n', at); nl >= 0 && nl < commit; nl = buf.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    if (this.trackBytes) byte += Buffer.byteLength(buf.slice(at, commit));
    this.line = line;
    this.column = commit - lineStart;
    this.byte = byte;
    this.buf = buf.slice(commit);
  }
}

/** Where the next page of hits starts: just after the last hit. */
export function nextFrom(s: TextSearcher): { line: number; column: number } | null {
  const last = s.hits.at(-1);
  return s.full && last ? { line: last.line, column: last.column + last.length } : null;
}

/** Decodes UTF-8 arriving in pieces; a character cut by a piece's end waits for the next. */
class Utf8Pieces {
  private rest: Buffer | null = null;

  write(piece: Buffer): string {
    const buf = this.rest ? Buffer.concat([this.rest, piece]) : piece;
    const end = utf8Boundary(buf, buf.length);
    this.rest = end < buf.length ? Buffer.from(buf.subarray(end)) : null;
    return buf.toString('utf8', 0, end);
  }

  end(): string {
    const rest = this.rest;
    this.rest = null;
    return rest ? rest.toString('utf8') : '';
  }
}

/** Searches the raw text from line `fromLine` (using the line index to start near it). */
export async function searchRaw(
  path: string,
  index: RawLineIndex,
  find: Finder,
  options: { fromLine: number; fromColumn: number; maxHits: number; chunkBytes?: number },
): Promise<{ hits: SearchHit[]; next: { line: number; column: number } | null }> {
  const checkpoint = Math.floor(options.fromLine / INDEX_STRIDE);
  await index.until(() => index.starts.length > checkpoint);
  if (index.starts.length <= checkpoint) return { hits: [], next: null };
  let line = checkpoint * INDEX_STRIDE;
  let offset = index.starts.at(checkpoint);
  const decoder = new Utf8Pieces();
  let searcher: TextSearcher | undefined;
  for await (const chunk of fileChunks(path, offset, options.chunkBytes)) {
    let from = 0;
    while (!searcher) {
      if (line === options.fromLine) {
        searcher = new TextSearcher(
          find,
          options.maxHits,
          { line, skipColumns: options.fromColumn, byte: offset + from },
          true,
        );
        break;
      }
      const nl = chunk.indexOf(0x0a, from);
      if (nl < 0) break;
      line++;
      from = nl + 1;
    }
    if (!searcher) {
      offset += chunk.length;
      continue;
    }
    searcher.push(decoder.write(from > 0 ? chunk.subarray(from) : chunk));
    if (searcher.full) break;
  }
  if (!searcher) return { hits: [], next: null };
  if (!searcher.full) {
    searcher.push(decoder.end());
    searcher.end();
  }
  return { hits: searcher.hits, next: nextFrom(searcher) };
}

/** Searches the pretty-printed lines (long lines are searched up to their first 256 K characters). */
export async function searchPretty(
  forEachLine: (
    fromLine: number,
    maxLineChars: number,
    consume: (text: string) => boolean,
  ) => Promise<boolean>,
  find: Finder,
  options: { fromLine: number; fromColumn: number; maxHits: number },
): Promise<{ hits: SearchHit[]; next: { line: number; column: number } | null }> {
  const searcher = new TextSearcher(
    find,
    options.maxHits,
    { line: options.fromLine, skipColumns: options.fromColumn },
    false,
  );
  const ended = await forEachLine(options.fromLine, 256 * 1024, (text) => {
    searcher.push(`${text}\n`);
    return !searcher.full;
  });
  if (ended || !searcher.full) searcher.end();
  return { hits: searcher.hits, next: nextFrom(searcher) };
}
