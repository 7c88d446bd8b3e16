/**
 * The history log: append-only JSON Lines in `<dataDir>/history/`, rotated by size, with
 * response bodies too big to keep inline as files in `<dataDir>/history-bodies/`.
 *
 * Retention is kept cheap, and applied on every append:
 * - by count: the newest `maxEntries` lines are visible; the rest are hidden from reads at
 *   once. Old files that hold only hidden lines are deleted whole (their count is in their
 *   name, so no old file is read), and the oldest file is rewritten without its hidden lines
 *   once they are half of it. So the disk holds at most about half a file more than kept.
 * - by age: entries older than `maxAgeDays` are hidden from reads at once; at most once an
 *   hour (and on the first append) files whose newest entry is too old are deleted whole and
 *   the file that straddles the limit is rewritten without its expired entries.
 * Deleting a file, or rewriting one, deletes the body files of the entries that went.
 *
 * Not thread-safe on its own: the history service runs every call through one queue. Lines
 * are not fsynced (history is a convenience, not evidence like the audit log): a line torn
 * by a crash is cut off on the next open and reported.
 */
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { linesBackward, linesForward } from '../audit/audit-files';
import { parseEntryLine, seqOfId, type StoredEntry } from './history-entry';
import {
  CURRENT_FILE,
  edgeEntry,
  listRotated,
  openIfExists,
  removeBodiesAbove,
  removeBodiesBelow,
  removeTempFiles,
  rotatedName,
  type RotatedFile,
} from './history-files';

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 60 * 60 * 1000;

export interface Retention {
  maxEntries: number;
  maxAgeDays: number;
}

/** Shaped like storage's StorageProblem; the service reports it as one. */
export interface HistoryProblem {
  code: 'partial_line_dropped' | 'unreadable_lines' | 'write_failed' | 'cleanup_failed';
  message: string;
  path?: string;
}

export interface HistoryLogOptions {
  dir: string;
  bodiesDir: string;
  now: () => number;
  maxFileBytes?: number;
}

/** One file as reads see it: where its lines sit in the whole log (for count retention). */
interface FileView {
  name: string;
  firstSeq: number | null;
  count: number;
  size: number | null;
  /** Lines in all older files. */
  before: number;
}

export class HistoryLog {
  readonly problems: HistoryProblem[] = [];
  private rotated: RotatedFile[] = [];
  private current = { size: 0, count: 0, firstSeq: null as number | null };
  private handle: FileHandle | null = null;
  private lastSeq = 0;
  private lastSweep = Number.NEGATIVE_INFINITY;
  private readonly maxFileBytes: number;

  private constructor(private readonly o: HistoryLogOptions) {
    this.maxFileBytes = Math.max(1, o.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  }

  static async open(o: HistoryLogOptions): Promise<HistoryLog> {
    await mkdir(o.dir, { recursive: true, mode: 0o700 });
    await mkdir(o.bodiesDir, { recursive: true, mode: 0o700 });
    const log = new HistoryLog(o);
    await removeTempFiles(o.dir);
    log.rotated = await listRotated(o.dir);
    await log.recoverCurrent();
    const newest = log.rotated.at(-1);
    if (newest !== undefined) {
      const last = await edgeEntry(join(o.dir, newest.name), 'last');
      log.lastSeq = Math.max(log.lastSeq, last?.seq ?? newest.firstSeq + newest.count - 1);
    }
    const oldest = log.rotated[0]?.firstSeq ?? log.current.firstSeq ?? log.lastSeq + 1;
    await removeBodiesBelow(o.bodiesDir, oldest);
    await removeBodiesAbove(o.bodiesDir, log.lastSeq);
    return log;
  }

  /** The seq the next entry gets; the caller builds its id from it. */
  nextSeq(): number {
    this.lastSeq += 1;
    return this.lastSeq;
  }

  get total(): number {
    return this.rotated.reduce((n, f) => n + f.count, 0) + this.current.count;
  }

  get currentPath(): string {
    return join(this.o.dir, CURRENT_FILE);
  }

  async append(entry: StoredEntry, retention: Retention): Promise<void> {
    const seq = seqOfId(entry.id);
    if (seq === null) throw new Error(`not a history id: ${entry.id}`);
    const bytes = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
    if (this.current.size > 0 && this.current.size + bytes.length > this.maxFileBytes) {
      await this.rotate();
    }
    await this.writeLine(bytes);
    this.current.count += 1;
    this.current.firstSeq ??= seq;
    this.lastSeq = Math.max(this.lastSeq, seq);
    await this.applyRetention(retention);
  }

  /** Visible entries, newest first, below `before` (a seq); counts unreadable lines. */
  async *newestFirst(
    retention: Retention,
    before = Number.POSITIVE_INFINITY,
    stats = { unreadable: 0 },
  ): AsyncGenerator<{ entry: StoredEntry; seq: number }> {
    const hidden = Math.max(0, this.total - retention.maxEntries);
    const cutoff = this.o.now() - retention.maxAgeDays * DAY_MS;
    const files = this.views();
    for (let f = files.length - 1; f >= 0; f--) {
      const file = files[f]!;
      if (file.before + file.count <= hidden) return; // this file and every older one
      if (file.firstSeq !== null && file.firstSeq >= before) continue;
      const handle = await openIfExists(join(this.o.dir, file.name), 'r');
      if (handle === null) continue;
      try {
        const size = file.size ?? (await handle.stat()).size;
        let k = 0;
        for await (const l of linesBackward(handle, size)) {
          const index = file.before + file.count - 1 - k;
          k += 1;
          if (index < hidden) break;
          const parsed = parseEntryLine(l.bytes.toString('utf8'));
          if (!parsed.ok) {
            stats.unreadable += 1;
            continue;
          }
          if (parsed.seq >= before || Date.parse(parsed.entry.at) < cutoff) continue;
          yield parsed;
        }
      } finally {
        await handle.close();
      }
    }
  }

  /** The entry with this id, if it is still kept and visible. */
  async find(id: string, retention: Retention): Promise<StoredEntry | null> {
    const seq = seqOfId(id);
    if (seq === null) return null;
    for await (const { entry } of this.newestFirst(retention, seq + 1)) {
      if (entry.id === id) return entry;
      if ((seqOfId(entry.id) ?? 0) < seq) return null;
    }
    return null;
  }

  /** Removes every entry `drop` picks (in the files that may hold one); answers them. */
  async remove(drop: (e: StoredEntry) => boolean, onlySeq?: number): Promise<StoredEntry[]> {
    const removed: StoredEntry[] = [];
    for (const view of this.views()) {
      if (onlySeq !== undefined && !this.mayHold(view, onlySeq)) continue;
      removed.push(...(await this.rewrite(view.name, (_i, e) => e === null || !drop(e))));
    }
    return removed;
  }

  /** Entries older than `cutoffMs`: old files deleted whole, the straddling one rewritten. */
  async removeOlderThan(cutoffMs: number): Promise<void> {
    for (const view of this.views()) {
      const path = join(this.o.dir, view.name);
      const last = await this.edgeAt(view.name, path, 'last');
      if (last !== null && last < cutoffMs) {
        await this.dropWhole(view.name);
        continue;
      }
      const first = await this.edgeAt(view.name, path, 'first');
      if (first !== null && first < cutoffMs) {
        await this.rewrite(view.name, (_i, e) => e === null || Date.parse(e.at) >= cutoffMs);
      }
      return;
    }
  }

  async clearAll(): Promise<void> {
    await this.closeHandle();
    for (const f of this.rotated) await rm(join(this.o.dir, f.name), { force: true });
    await rm(this.currentPath, { force: true });
    this.rotated = [];
    this.current = { size: 0, count: 0, firstSeq: null };
    await rm(this.o.bodiesDir, { recursive: true, force: true });
    await mkdir(this.o.bodiesDir, { recursive: true, mode: 0o700 });
  }

  async close(): Promise<void> {
    await this.closeHandle();
  }

  // ── internals ──────────────────────────────────────────────────────────────

  private views(): FileView[] {
    const out: FileView[] = [];
    let before = 0;
    for (const f of this.rotated) {
      out.push({ name: f.name, firstSeq: f.firstSeq, count: f.count, size: null, before });
      before += f.count;
    }
    if (this.current.count > 0 || this.current.size > 0) {
      out.push({
        name: CURRENT_FILE,
        firstSeq: this.current.firstSeq,
        count: this.current.count,
        size: this.current.size,
        before,
      });
    }
    return out;
  }

  private mayHold(view: FileView, seq: number): boolean {
    const views = this.views();
    const next = views[views.findIndex((v) => v.name === view.name) + 1];
    const from = view.firstSeq ?? Number.NEGATIVE_INFINITY;
    const to = next?.firstSeq ?? Number.POSITIVE_INFINITY;
    return seq >= from && seq < to;
  }

  private async recoverCurrent(): Promise<void> {
    const handle = await openIfExists(this.currentPath, 'r+');
    if (handle === null) return;
    try {
      let size = (await handle.stat()).size;
      for await (const l of linesBackward(handle, size)) {
        if (!l.terminated) {
          // A crash mid-write: the entry is incomplete and of no use; cut it off so the next
          // entry starts on a line of its own.
          await handle.truncate(l.offset);
          size = l.offset;
          this.problems.push({
            code: 'partial_line_dropped',
            message:
              'The last history entry was cut short (the console stopped while writing it) and was dropped; the rest of the history is intact.',
            path: this.currentPath,
          });
        }
        break;
      }
      let count = 0;
      let unreadable = 0;
      for await (const l of linesForward(handle, size)) {
        count += 1;
        const parsed = parseEntryLine(l.bytes.toString('utf8'));
        if (!parsed.ok) {
          unreadable += 1;
          continue;
        }
        this.current.firstSeq ??= parsed.seq;
        this.lastSeq = Math.max(this.lastSeq, parsed.seq);
      }
      this.current.size = size;
      this.current.count = count;
      if (unreadable > 0) this.reportUnreadable(unreadable);
    } finally {
      await handle.close();
    }
  }

  reportUnreadable(lines: number): void {
    const message = `${lines} history line(s) could not be read and are skipped; they go when retention or Clear history removes their file.`;
    if (!this.problems.some((p) => p.code === 'unreadable_lines')) {
      this.problems.push({ code: 'unreadable_lines', message, path: this.o.dir });
    }
  }

  private async writeLine(bytes: Buffer): Promise<void> {
    this.handle ??= await open(this.currentPath, 'a', 0o600);
    const handle = this.handle;
    const sizeBefore = this.current.size;
    try {
      let written = 0;
      while (written < bytes.length) {
        written += (await handle.write(bytes, written, bytes.length - written, null)).bytesWritten;
      }
      this.current.size += bytes.length;
    } catch (err) {
      // Take back a partly written line so the next entry does not land on its tail.
      await handle.truncate(sizeBefore).catch(() => undefined);
      throw err;
    }
  }

  private async closeHandle(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    await h?.close();
  }

  private async rotate(): Promise<void> {
    await this.closeHandle();
    const firstSeq = this.current.firstSeq ?? this.lastSeq;
    const name = rotatedName(firstSeq, this.current.count);
    await rename(this.currentPath, join(this.o.dir, name));
    this.rotated.push({ name, firstSeq, count: this.current.count });
    this.current = { size: 0, count: 0, firstSeq: null };
  }

  private async applyRetention(r: Retention): Promise<void> {
    let hidden = this.total - r.maxEntries;
    while (hidden > 0 && this.rotated.length > 0 && this.rotated[0]!.count <= hidden) {
      hidden -= this.rotated[0]!.count;
      await this.dropWhole(this.rotated[0]!.name);
    }
    const oldest = this.views()[0];
    if (hidden > 0 && oldest !== undefined && hidden * 2 >= oldest.count) {
      const cut = hidden;
      await this.rewrite(oldest.name, (i) => i >= cut);
    }
    const now = this.o.now();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) {
      this.lastSweep = now;
      await this.removeOlderThan(now - r.maxAgeDays * DAY_MS);
    }
  }

  private nextFirstSeqAfter(name: string): number {
    const views = this.views();
    const i = views.findIndex((v) => v.name === name);
    for (const v of views.slice(i + 1)) if (v.firstSeq !== null) return v.firstSeq;
    return this.lastSeq + 1;
  }

  private async dropWhole(name: string): Promise<void> {
    if (name === CURRENT_FILE) {
      await this.rewrite(name, () => false);
      return;
    }
    const below = this.nextFirstSeqAfter(name);
    await rm(join(this.o.dir, name), { force: true });
    this.rotated = this.rotated.filter((f) => f.name !== name);
    // Only the oldest files are ever dropped whole, so every body below the next file's
    // first seq belonged to them (or to entries already gone).
    if (this.rotated[0] === undefined || this.rotated[0].firstSeq >= below) {
      await removeBodiesBelow(this.o.bodiesDir, below).catch((err: unknown) =>
        this.cleanupFailed(err),
      );
    }
  }

  private async edgeAt(
    name: string,
    path: string,
    which: 'first' | 'last',
  ): Promise<number | null> {
    const cached = this.rotated.find((f) => f.name === name);
    const key = which === 'first' ? 'firstAtMs' : 'lastAtMs';
    if (cached?.[key] !== undefined) return cached[key] ?? null;
    const found = await edgeEntry(path, which);
    const at = found ? Date.parse(found.entry.at) : null;
    if (cached) cached[key] = at;
    return at;
  }

  /**
   * Replaces a file by the lines `keep` picks (temp file, rename); deletes the body files of
   * the entries dropped. A rotated file changes name with its count, same first seq.
   */
  private async rewrite(
    name: string,
    keep: (index: number, entry: StoredEntry | null) => boolean,
  ): Promise<StoredEntry[]> {
    const isCurrent = name === CURRENT_FILE;
    if (isCurrent) await this.closeHandle();
    const path = join(this.o.dir, name);
    const handle = await openIfExists(path, 'r');
    if (handle === null) return [];
    const kept: Buffer[] = [];
    const dropped: StoredEntry[] = [];
    let removedLines = 0;
    let firstKeptSeq: number | null = null;
    try {
      const size = isCurrent ? this.current.size : (await handle.stat()).size;
      let index = 0;
      for await (const l of linesForward(handle, size)) {
        const parsed = parseEntryLine(l.bytes.toString('utf8'));
        const entry = parsed.ok ? parsed.entry : null;
        if (keep(index, entry)) {
          kept.push(l.bytes, Buffer.from('\n'));
          if (parsed.ok) firstKeptSeq ??= parsed.seq;
        } else {
          removedLines += 1;
          if (entry !== null) dropped.push(entry);
        }
        index += 1;
      }
    } finally {
      await handle.close();
    }
    if (removedLines === 0) return [];
    const count = kept.length / 2;
    const data = Buffer.concat(kept);
    const file = this.rotated.find((f) => f.name === name);
    if (count === 0) {
      await rm(path, { force: true });
      if (isCurrent) this.current = { size: 0, count: 0, firstSeq: null };
      else this.rotated = this.rotated.filter((f) => f.name !== name);
    } else if (isCurrent) {
      await this.writeAtomic(path, data);
      this.current = { size: data.length, count, firstSeq: firstKeptSeq ?? this.current.firstSeq };
    } else if (file) {
      const next = rotatedName(file.firstSeq, count);
      await this.writeAtomic(join(this.o.dir, next), data);
      if (next !== name) await rm(path, { force: true });
      Object.assign(file, { name: next, count, firstAtMs: undefined, lastAtMs: undefined });
    }
    for (const e of dropped) {
      if (e.body.kind === 'file') {
        await rm(join(this.o.bodiesDir, e.body.fileId), { force: true }).catch((err: unknown) =>
          this.cleanupFailed(err),
        );
      }
    }
    return dropped;
  }

  private async writeAtomic(path: string, data: Buffer): Promise<void> {
    const tmp = join(this.o.dir, `.history.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const out = await open(tmp, 'w', 0o600);
      try {
        await out.writeFile(data);
        await out.sync();
      } finally {
        await out.close();
      }
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  private cleanupFailed(err: unknown): void {
    const message = `Old history body files could not be deleted (${err instanceof Error ? err.message : String(err)}); delete them from ${this.o.bodiesDir} by hand.`;
    if (!this.problems.some((p) => p.message === message)) {
      this.problems.push({ code: 'cleanup_failed', message, path: this.o.bodiesDir });
    }
  }
}
