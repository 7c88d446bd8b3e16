import { readFile } from 'node:fs/promises';
import { relative, resolve, isAbsolute } from 'node:path';
import { JSONPath } from 'jsonpath-plus';
import { AppError } from '../errors';
import { BodyFiles, type BodyFile } from './body-files';
import {
  createFinder,
  searchPretty,
  searchRaw,
  type SearchHit,
  type SearchQuery,
} from './body-search';
import { readTextWindow, type TextWindow } from './body-window';
import { PassCancelled, readBytes, type GrowingIndex } from './file-chunks';
import { JsonSyntaxError } from './json-scanner';
import { buildRawLineIndex, RawLineIndex, readRawLines, type LineWindow } from './line-index';
import {
  buildPrettyLineIndex,
  forEachPrettyLine,
  PrettyLineIndex,
  readPrettyLines,
} from './pretty-index';

export type BodyView = 'raw' | 'pretty';

/** JSONPath parses the whole document; past this size it refuses (use search instead). */
export const MAX_JSONPATH_BYTES = 64 * 1024 * 1024;
/** The most text a JSONPath answer carries. */
const MAX_JSONPATH_TEXT = 4 * 1024 * 1024;
/** Indexes of this many bodies are kept; older ones are rebuilt when asked again. */
const CACHED_BODIES = 16;
const SNIFF_BYTES = 4096;

export interface BodyInfo {
  fileId: string;
  size: number;
  contentType: string;
  /** False when the server's Content-Type was not known here and the type was guessed. */
  contentTypeFromServer: boolean;
  isJson: boolean;
  encoding: 'utf-8' | 'binary';
  /** Raw line count, once the raw line index exists (null before). */
  lines: number | null;
  /** Pretty line count, once the pretty index exists (null before, or not JSON). */
  prettyLines: number | null;
}

export interface IndexProgress {
  view: BodyView;
  scannedBytes: number;
  totalBytes: number;
  lines: number;
  done: boolean;
}

interface Entry {
  file: BodyFile;
  sniff?: { isJson: boolean; encoding: 'utf-8' | 'binary' };
  raw?: RawLineIndex;
  pretty?: PrettyLineIndex;
  cancelled: boolean;
}

export interface BodyServiceOptions {
  /** `<dataDir>/responses`, where the engine spools bodies. */
  spoolDir: string;
  /** The console's data directory: never a target of "save". */
  dataDir: string;
  /** Opens a file with the OS's default application (Electron: shell.openPath). */
  openPath?: (path: string) => Promise<void>;
}

/**
 * Reads spooled response bodies for the viewer without ever loading one whole: byte
 * windows, raw and pretty-printed lines by number (indexes built lazily in one streaming
 * pass each), streaming search, JSONPath for bodies up to 64 MiB, save, open externally.
 */
export class BodyService {
  readonly files: BodyFiles;
  private readonly entries = new Map<string, Entry>();
  private readonly contentTypes = new Map<string, string>();

  constructor(private readonly options: BodyServiceOptions) {
    this.files = new BodyFiles(options.spoolDir);
    void this.files.pruneOpenable().catch(() => undefined);
  }

  /** The server's Content-Type of a spooled body, when the send path knows it. */
  noteContentType(fileId: string, contentType: string): void {
    this.contentTypes.set(fileId, contentType);
  }

  private async entry(fileId: string): Promise<Entry> {
    const file = await this.files.resolve(fileId);
    const known = this.entries.get(fileId);
    if (known && known.file.size === file.size && known.file.mtimeMs === file.mtimeMs) {
      // Most recently used last, so the first one is the one to drop.
      this.entries.delete(fileId);
      this.entries.set(fileId, known);
      return known;
    }
    if (known) known.cancelled = true;
    const fresh: Entry = { file, cancelled: false };
    this.entries.set(fileId, fresh);
    while (this.entries.size > CACHED_BODIES) {
      const [oldest, old] = this.entries.entries().next().value as [string, Entry];
      old.cancelled = true;
      this.entries.delete(oldest);
    }
    return fresh;
  }

  private async sniff(entry: Entry): Promise<NonNullable<Entry['sniff']>> {
    if (!entry.sniff) {
      const head = await readBytes(entry.file.path, 0, Math.min(SNIFF_BYTES, entry.file.size));
      const type = this.contentTypes.get(entry.file.fileId);
      const text = head.toString('utf8').replace(/^\uFEFF/, '');
      const binary =
        head.includes(0) ||
        // A replacement character inside the sample (not at its cut end) means it is not UTF-8.
        text.slice(0, -4).includes('\uFFFD');
      const isJson = !binary && (type !== undefined ? /json/i.test(type) : /^\s*[{[]/.test(text));
      entry.sniff = { isJson, encoding: binary ? 'binary' : 'utf-8' };
    }
    return entry.sniff;
  }

  async info(fileId: string): Promise<BodyInfo> {
    const entry = await this.entry(fileId);
    const sniff = await this.sniff(entry);
    const type = this.contentTypes.get(fileId);
    return {
      fileId,
      size: entry.file.size,
      contentType:
        type ??
        (sniff.isJson
          ? 'application/json'
          : sniff.encoding === 'utf-8'
            ? 'text/plain; charset=utf-8'
            : 'application/octet-stream'),
      contentTypeFromServer: type !== undefined,
      isJson: sniff.isJson,
      encoding: sniff.encoding,
      lines: entry.raw?.done ? entry.raw.lines : null,
      prettyLines: entry.pretty?.done ? entry.pretty.lines : null,
    };
  }

  private rawIndex(entry: Entry): RawLineIndex {
    if (!entry.raw) {
      const index = new RawLineIndex();
      entry.raw = index;
      void buildRawLineIndex(entry.file.path, index, { cancelled: () => entry.cancelled }).catch(
        () => undefined, // kept in index.failure; readers rethrow it
      );
    }
    return entry.raw;
  }

  private async prettyIndex(entry: Entry): Promise<PrettyLineIndex> {
    if (!(await this.sniff(entry)).isJson) {
      throw new AppError(
        'invalid_body',
        'This body is not JSON, so it has no pretty view. Use Raw.',
      );
    }
    if (!entry.pretty) {
      const index = new PrettyLineIndex();
      entry.pretty = index;
      void buildPrettyLineIndex(entry.file.path, index, {
        cancelled: () => entry.cancelled,
      }).catch(() => undefined);
    }
    return entry.pretty;
  }

  /**
   * Builds (or waits for) the raw or pretty line index of a body; `onProgress` hears about
   * every 5 % of the body. Answers the line count and how long the pass took.
   */
  async index(
    fileId: string,
    view: BodyView,
    onProgress?: (p: IndexProgress) => void,
  ): Promise<{ view: BodyView; lines: number; longestLineBytes: number | null; ms: number }> {
    const entry = await this.entry(fileId);
    const index: GrowingIndex =
      view === 'raw' ? this.rawIndex(entry) : await this.prettyIndex(entry);
    const total = entry.file.size;
    const step = Math.max(1, Math.floor(total / 20));
    let mark = index.scanned + step;
    while (!index.done) {
      await translate(index.until(() => index.scanned >= mark));
      if (index.failure !== undefined) await translate(Promise.reject(index.failure));
      mark = index.scanned + step;
      onProgress?.({
        view,
        scannedBytes: index.scanned,
        totalBytes: total,
        lines: index.lines,
        done: index.done,
      });
      if (entry.cancelled && !index.done) throw gonePass();
    }
    return {
      view,
      lines: index.lines,
      longestLineBytes: view === 'raw' ? (index as RawLineIndex).longestLine : null,
      ms: Math.round(index.finishedAt - index.startedAt),
    };
  }

  async read(fileId: string, offset: number, length: number): Promise<TextWindow> {
    const { file } = await this.entry(fileId);
    return readTextWindow(file.path, file.size, offset, length);
  }

  async lines(
    fileId: string,
    fromLine: number,
    count: number,
    maxLineChars: number,
  ): Promise<LineWindow & { totalLines: number | null }> {
    const entry = await this.entry(fileId);
    const index = this.rawIndex(entry);
    const window = await translate(
      readRawLines(entry.file.path, index, fromLine, count, maxLineChars),
    );
    return { ...window, totalLines: index.done ? index.lines : null };
  }

  async prettyLines(
    fileId: string,
    fromLine: number,
    count: number,
    maxLineChars: number,
  ): Promise<LineWindow & { totalLines: number | null }> {
    const entry = await this.entry(fileId);
    const index = await this.prettyIndex(entry);
    const window = await translate(
      readPrettyLines(entry.file.path, index, fromLine, count, maxLineChars),
    );
    return { ...window, totalLines: index.done ? index.lines : null };
  }

  async search(
    fileId: string,
    q: SearchQuery & { view: BodyView; fromLine: number; fromColumn: number },
  ): Promise<{ hits: SearchHit[]; next: { line: number; column: number } | null }> {
    const entry = await this.entry(fileId);
    const find = createFinder(q);
    const from = { fromLine: q.fromLine, fromColumn: q.fromColumn, maxHits: q.maxHits };
    if (q.view === 'raw') {
      return translate(searchRaw(entry.file.path, this.rawIndex(entry), find, from));
    }
    const index = await this.prettyIndex(entry);
    return translate(
      searchPretty(
        (fromLine, maxLineChars, consume) =>
          forEachPrettyLine(entry.file.path, index, fromLine, maxLineChars, (text) =>
            consume(text),
          ),
        find,
        from,
      ),
    );
  }

  async jsonpath(
    fileId: string,
    path: string,
  ): Promise<{ count: number; text: string; truncated: boolean }> {
    const { file } = await this.entry(fileId);
    if (file.size > MAX_JSONPATH_BYTES) {
      throw new AppError(
        'too_large',
        `JSONPath needs the whole document in memory and this body is ${mib(file.size)} MiB (the limit is ${mib(MAX_JSONPATH_BYTES)} MiB). Use search, or open it in an external editor.`,
        { size: file.size, maxBytes: MAX_JSONPATH_BYTES },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse((await readFile(file.path, 'utf8')).replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new AppError(
        'invalid_body',
        `The body is not valid JSON (${(err as Error).message}), so JSONPath cannot run on it.`,
      );
    }
    let results: unknown[];
    try {
      // "safe": filter expressions run in jsonpath-plus's own interpreter, never eval.
      results = JSONPath({ path, json: json as object, wrap: true, eval: 'safe' }) as unknown[];
    } catch (err) {
      throw new AppError(
        'invalid_input',
        `The JSONPath expression does not work: ${(err as Error).message}. Example: $.data[*].id`,
      );
    }
    const full = JSON.stringify(results ?? [], null, 2);
    const truncated = full.length > MAX_JSONPATH_TEXT;
    return {
      count: results?.length ?? 0,
      text: truncated ? full.slice(0, MAX_JSONPATH_TEXT) : full,
      truncated,
    };
  }

  async save(
    fileId: string,
    path: string,
    overwrite: boolean,
  ): Promise<{ path: string; bytes: number }> {
    const { file } = await this.entry(fileId);
    if (isAbsolute(path) && within(this.options.dataDir, resolve(path))) {
      throw new AppError(
        'invalid_input',
        "That path is inside the console's own data folder; save the body somewhere else.",
      );
    }
    const saved = await this.files.save(file, path, overwrite);
    return { path: saved.path, bytes: file.size };
  }

  async openExternal(fileId: string): Promise<{ opened: true; path: string }> {
    const entry = await this.entry(fileId);
    const path = await this.files.openable(entry.file, (await this.sniff(entry)).isJson);
    if (!this.options.openPath) {
      throw new AppError(
        'not_available',
        `This window cannot open other applications (the browser host). Open the file yourself: ${path}`,
        { path },
      );
    }
    await this.options.openPath(path);
    return { opened: true, path };
  }

  async release(fileId: string): Promise<{ released: boolean }> {
    const known = this.entries.get(fileId);
    if (known) known.cancelled = true;
    this.entries.delete(fileId);
    this.contentTypes.delete(fileId);
    return { released: await this.files.release(fileId) };
  }
}

function within(dir: string, path: string): boolean {
  const rel = relative(resolve(dir), path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function mib(bytes: number): string {
  return (bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0);
}

function gonePass(): AppError {
  return new AppError(
    'not_found',
    'The body was closed or changed while it was being indexed. Open the response again.',
  );
}

/** Turns scanner and index failures into errors the operator can act on. */
async function translate<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof JsonSyntaxError) {
      throw new AppError(
        'invalid_body',
        `The body is not valid JSON: ${err.message}. The Raw view shows it as it is.`,
        { offset: err.offset },
      );
    }
    if (err instanceof RangeError) {
      throw new AppError('too_large', `${err.message} Use Raw or search instead.`);
    }
    if (err instanceof PassCancelled || (err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError(
        'not_found',
        'This response body is no longer stored (it was closed, or removed after a day). Send the request again.',
      );
    }
    throw err;
  }
}
