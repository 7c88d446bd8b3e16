/**
 * The audit log of mutating calls: append-only JSON Lines, hash-chained so that an edited,
 * deleted, inserted or reordered entry, or a rotated file removed from the middle, is found
 * by `verify()`. Plain Node; no electron, no global state.
 *
 * Wiring (done by the request path):
 *   const audit = await AuditLog.open({
 *     dir: join(dataDir, 'audit'),
 *     redact: (t) => redactor.redactText(t),   // the app's Redactor from security/redact
 *     now: Date.now,
 *   });
 *   for (const p of audit.problems) storageProblems.report(p);   // same shape as StorageProblem
 *   // after every mutating call (any method but GET/HEAD/OPTIONS, and actions such as
 *   // ssx:revoke), whether it was sent, refused by a guard, failed or cancelled:
 *   await audit.append({ connectionId, connectionName, environment, method, url, status,
 *     outcome, errorCode, confirmed, targetCount, bodySha256: sha256Hex(bodyBytes), durationMs });
 *   // on quit:
 *   await audit.close();
 *
 * - `append` redacts every caller string, copies only the known fields (a stray `body` or
 *   header never reaches the file), rejects values that would not survive JSON unchanged
 *   (NaN, Infinity), and resolves once the line is written and, by default, fsynced.
 *   Appends run one at a time in call order.
 * - One writer per directory: the single-instance lock in main/index.ts guarantees it.
 * - `head` is the last entry's seq and hash; keeping a copy elsewhere (settings) would also
 *   expose entries cut from the end, which a chain alone cannot show.
 * - Files: `audit.jsonl` (current), `audit-<first seq, 12 digits>.jsonl` (rotated, at most
 *   `keepRotated`), `audit.partial-<time>` (a torn last line set aside on open).
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AUDIT_SCHEMA_VERSION,
  GENESIS_HASH,
  canonicalJson,
  entryHash,
  entryProblem,
  type AuditEntry,
  type AuditRecord,
} from './audit-entry';
import { CURRENT_FILE, linesForward, syncDir, writeLinesAtomic } from './audit-files';
import { listSnapshot, type AuditListQuery, type AuditPage } from './audit-list';
import {
  closeSnapshot,
  recoverTail,
  rotateCurrent,
  takeSnapshot,
  type AuditProblem,
} from './audit-storage';
import { verifySnapshot, type AuditVerifyResult } from './audit-verify';

export { AUDIT_SCHEMA_VERSION, GENESIS_HASH, sha256Hex, canonicalJson } from './audit-entry';
export type { AuditEntry, AuditOutcome, AuditRecord } from './audit-entry';
export type { AuditBreak, AuditBreakReason, AuditVerifyResult } from './audit-verify';
export type { AuditProblem } from './audit-storage';
export type { AuditListQuery, AuditPage } from './audit-list';

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
export const DEFAULT_KEEP_ROTATED = 20;

export interface AuditLogOptions {
  /** The audit directory, e.g. `<dataDir>/audit`; created when missing. */
  dir: string;
  /** Applied to every string the caller passes, before hashing and writing. */
  redact: (text: string) => string;
  /** Milliseconds since the epoch; the `at` of each entry. */
  now: () => number;
  /** The current file is rotated before a line would take it past this. Default 5 MiB. */
  maxFileBytes?: number;
  /** Rotated files kept; the oldest beyond this are deleted. Default 20, at least 1. */
  keepRotated?: number;
  /** 'fsync' (default) makes each entry durable before `append` resolves. */
  durability?: 'fsync' | 'none';
}

export type AuditLogErrorCode = 'audit_invalid_record' | 'audit_closed' | 'audit_write_failed';

export class AuditLogError extends Error {
  readonly code: AuditLogErrorCode;

  constructor(code: AuditLogErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuditLogError';
    this.code = code;
  }
}

const RECORD_STRINGS = [
  'actor',
  'connectionId',
  'connectionName',
  'environment',
  'method',
  'url',
  'errorCode',
  'bodySha256',
] as const;
const RECORD_OTHERS = ['status', 'outcome', 'confirmed', 'targetCount', 'durationMs'] as const;

export class AuditLog {
  private readonly dir: string;
  private readonly redact: (text: string) => string;
  private readonly now: () => number;
  private readonly maxFileBytes: number;
  private readonly keepRotated: number;
  private readonly fsync: boolean;
  private readonly found: AuditProblem[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private handle: FileHandle | null = null;
  private currentSize = 0;
  private currentFirstSeq: number | null = null;
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  private closed = false;
  /** Set when a failed write could not be undone: the file may end in a torn line. */
  private broken: unknown = null;

  private constructor(options: AuditLogOptions) {
    this.dir = options.dir;
    this.redact = options.redact;
    this.now = options.now;
    this.maxFileBytes = Math.max(1, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    this.keepRotated = Math.max(1, Math.floor(options.keepRotated ?? DEFAULT_KEEP_ROTATED));
    this.fsync = (options.durability ?? 'fsync') === 'fsync';
  }

  /** Opens the log, setting aside a torn last line, and continues the chain from the tail. */
  static async open(options: AuditLogOptions): Promise<AuditLog> {
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    const log = new AuditLog(options);
    const tail = await recoverTail({ dir: log.dir, now: log.now, fsync: log.fsync });
    log.found.push(...tail.problems);
    log.currentSize = tail.currentSize;
    log.currentFirstSeq = tail.currentFirstSeq;
    if (tail.last) {
      log.lastSeq = tail.last.seq;
      log.lastHash = tail.last.hash;
    }
    return log;
  }

  /** What the caller should show the operator: set-aside lines, unreadable tails. */
  get problems(): readonly AuditProblem[] {
    return [...this.found];
  }

  /** The last entry written (or found on open), or null for an empty log. */
  get head(): { seq: number; hash: string } | null {
    return this.lastSeq === 0 ? null : { seq: this.lastSeq, hash: this.lastHash };
  }

  append(record: AuditRecord): Promise<AuditEntry> {
    if (this.closed) return Promise.reject(closedError());
    let fields: Record<string, unknown>;
    try {
      fields = this.redactedFields(record);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.enqueue(async () => {
      if (this.broken !== null) {
        throw new AuditLogError(
          'audit_write_failed',
          'An earlier audit write failed and could not be undone; restart the console to recover the audit log.',
          { cause: this.broken },
        );
      }
      const unhashed = {
        ...fields,
        version: AUDIT_SCHEMA_VERSION,
        seq: this.lastSeq + 1,
        at: new Date(this.now()).toISOString(),
        prevHash: this.lastHash,
      } as Omit<AuditEntry, 'hash'>;
      const entry: AuditEntry = { ...unhashed, hash: entryHash(unhashed) };
      const bytes = Buffer.from(`${canonicalJson(entry)}\n`, 'utf8');
      if (this.currentSize > 0 && this.currentSize + bytes.length > this.maxFileBytes) {
        await this.rotate();
      }
      await this.writeLine(bytes);
      this.lastSeq = entry.seq;
      this.lastHash = entry.hash;
      this.currentFirstSeq ??= entry.seq;
      return entry;
    });
  }

  /** Entries newest first, filtered, a page at a time; reads files from the end, lazily. */
  async list(query: AuditListQuery = {}): Promise<AuditPage> {
    const files = await this.snapshot(query.before);
    try {
      return await listSnapshot(files, query);
    } finally {
      await closeSnapshot(files);
    }
  }

  /** Checks the whole chain on disk, oldest file to newest. */
  async verify(): Promise<AuditVerifyResult> {
    const files = await this.snapshot();
    try {
      return await verifySnapshot(files);
    } finally {
      await closeSnapshot(files);
    }
  }

  /** The stored lines, oldest first, each ending in a newline: what the operator saves. */
  async *export(): AsyncGenerator<string> {
    const files = await this.snapshot();
    try {
      for (const file of files) {
        for await (const l of linesForward(file.handle, file.size)) {
          yield l.terminated ? `${l.bytes.toString('utf8')}\n` : l.bytes.toString('utf8');
        }
      }
    } finally {
      await closeSnapshot(files);
    }
  }

  /** Writes `export()` to a file atomically (temp file, fsync, rename). */
  exportTo(filePath: string): Promise<{ lines: number; bytes: number }> {
    return writeLinesAtomic(filePath, this.export());
  }

  /** Waits for queued appends, then releases the file; later calls are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.handle?.close();
    this.handle = null;
  }

  private redactedFields(record: AuditRecord): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    const source = record as unknown as Record<string, unknown>;
    for (const key of RECORD_STRINGS) {
      const v = source[key];
      fields[key] = typeof v === 'string' ? this.redact(v) : v;
    }
    for (const key of RECORD_OTHERS) fields[key] = source[key];
    for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
    const problem = entryProblem(fields, false);
    if (problem !== null) {
      throw new AuditLogError('audit_invalid_record', `The audit record is invalid: ${problem}.`);
    }
    return fields;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private snapshot(before = Number.POSITIVE_INFINITY) {
    if (this.closed) return Promise.reject(closedError());
    return this.enqueue(() =>
      takeSnapshot(this.dir, (firstSeq) => firstSeq < before, this.currentFirstSeq ?? 0),
    );
  }

  private async rotate(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
    const firstSeq = this.currentFirstSeq ?? this.lastSeq + 1;
    const cleanup = await rotateCurrent({
      dir: this.dir,
      firstSeq,
      keep: this.keepRotated,
      fsync: this.fsync,
    });
    this.currentSize = 0;
    this.currentFirstSeq = null;
    for (const p of cleanup) {
      if (!this.found.some((f) => f.message === p.message)) this.found.push(p);
    }
  }

  private async writeLine(bytes: Buffer): Promise<void> {
    const path = join(this.dir, CURRENT_FILE);
    if (this.handle === null) {
      this.handle = await open(path, 'a', 0o600);
      if (this.fsync && this.currentSize === 0) await syncDir(this.dir);
    }
    const handle = this.handle;
    const sizeBefore = this.currentSize;
    try {
      // One write call per line; a regular file only writes short when the disk is full,
      // and then the loop either finishes the line or fails into the rollback below.
      let written = 0;
      while (written < bytes.length) {
        written += (await handle.write(bytes, written, bytes.length - written, null)).bytesWritten;
      }
      if (this.fsync) await handle.sync();
      this.currentSize += bytes.length;
    } catch (err) {
      // Take back a partly written line so the next entry does not land on its tail.
      await handle.truncate(sizeBefore).catch((undoErr: unknown) => {
        this.broken = undoErr;
      });
      throw new AuditLogError(
        'audit_write_failed',
        `The audit entry could not be written (${err instanceof Error ? err.message : String(err)}); check free disk space and permissions of ${this.dir}.`,
        { cause: err },
      );
    }
  }
}

function closedError(): AuditLogError {
  return new AuditLogError('audit_closed', 'The audit log is closed.');
}
