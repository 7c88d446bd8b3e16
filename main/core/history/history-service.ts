import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type {
  HistoryClearInput,
  HistoryEntry,
  HistoryGetOutput,
  HistoryPage,
  HistorySummary,
  HistoryListInput,
} from '../../../preload/schemas/history';
import type { HistorySettings } from '../../../preload/schemas/settings';
import { AppError, isAppError } from '../errors';
import type { Redactor } from '../security/redact';
import type { StorageProblems } from '../storage/versioned-file';
import { BodyStore, DIFF_TEXT_MAX_BYTES } from './body-store';
import { matches, requestOf, type RecordedSend } from './history-request';
import { harDocument, type HarBodyText, type HarCreator } from './har';
import {
  HISTORY_ENTRY_VERSION,
  seqOfId,
  toContractEntry,
  toSummary,
  type StoredEntry,
} from './history-entry';
import { HistoryLog, type Retention } from './history-log';
import { scrubHeaderPairs, scrubUrl } from './scrub';

/** The most `history:export-har` answers in one go. */
export const HAR_MAX_BYTES = 32 * 1024 * 1024;
/** Body files up to this size go into a HAR; bigger ones are left out with a comment. */
export const HAR_FILE_BODY_MAX_BYTES = 2 * 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Errors that mean nothing was sent: a question (confirmation), or input that never made a
 * request. A refusal (read-only), a cancel, a network failure or a server error is kept.
 */
const NOT_SENT = new Set([
  'confirmation_required',
  'invalid_input',
  'invalid_url',
  'invalid_body',
  'invalid_header',
  'unknown_connection',
  'demo_not_running',
  'undefined_variable',
]);

export type { RecordedSend } from './history-request';

export interface HistoryServiceOptions {
  dataDir: string;
  settings: () => Promise<HistorySettings>;
  redactor: Pick<Redactor, 'redactText' | 'redactDeep'>;
  now: () => number;
  problems: StorageProblems;
  /** The connection's name, environment label and base URL (throws for an unknown one). */
  describeConnection: (
    id: string,
  ) => Promise<{ name: string; environment: string; baseUrl: string }>;
  /** Told of every entry written (the core pushes it as `history:added`). */
  onAdded?: (summary: HistorySummary) => void;
  creator: HarCreator;
  log?: (line: string) => void;
  /** Rotation size of the log files (tests make it small). */
  maxFileBytes?: number;
}

/**
 * History of sends: `record` after each send (never fails it), and the channels' reads and
 * clean-ups. Every call runs through one queue, so a list right after a send sees it, and
 * retention never races a read.
 */
export class HistoryService {
  readonly dir: string;
  readonly bodiesDir: string;
  private opened?: Promise<HistoryLog>;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly bodies: BodyStore;

  constructor(private readonly o: HistoryServiceOptions) {
    this.dir = join(o.dataDir, 'history');
    this.bodiesDir = join(o.dataDir, 'history-bodies');
    this.bodies = new BodyStore({
      bodiesDir: this.bodiesDir,
      spoolDir: join(o.dataDir, 'responses'),
      redact: (t) => o.redactor.redactText(t),
    });
  }

  /** Queues the entry for a finished send; resolves once written (or skipped). Never rejects. */
  record(send: RecordedSend): Promise<void> {
    return this.enqueue(() => this.write(send)).catch((err: unknown) => {
      const message = this.o.redactor.redactText(err instanceof Error ? err.message : String(err));
      this.o.log?.(`history: could not record ${send.input.method} ${send.input.path}: ${message}`);
      this.o.problems.report({
        source: 'history',
        message: `A send could not be written to the history (${message}). The request itself went ahead; check that the data directory is writable.`,
        path: this.dir,
      });
    });
  }

  list(input: HistoryListInput): Promise<HistoryPage> {
    return this.enqueue(async () => {
      const log = await this.open();
      const retention = await this.retention();
      const limit = input.limit ?? 50;
      const stats = { unreadable: 0 };
      const found: Array<{ entry: StoredEntry; seq: number }> = [];
      const needle = input.text?.toLowerCase();
      for await (const item of log.newestFirst(retention, input.before, stats)) {
        if (!matches(item.entry, input, needle)) continue;
        found.push(item);
        if (found.length > limit) break;
      }
      if (stats.unreadable > 0) log.reportUnreadable(stats.unreadable);
      this.syncProblems(log);
      return {
        entries: found.slice(0, limit).map((f) => toSummary(f.entry)),
        nextBefore: found.length > limit ? found[limit - 1]!.seq : null,
        unreadableLines: stats.unreadable,
      };
    });
  }

  get(id: string, withBodyText = false): Promise<HistoryGetOutput> {
    return this.enqueue(async () => {
      const entry = await this.require(id);
      if (!withBodyText) return { entry };
      return { entry, bodyText: await this.bodyText(entry) };
    });
  }

  delete(id: string): Promise<{ deleted: boolean }> {
    return this.enqueue(async () => {
      const log = await this.open();
      const removed = await log.remove((e) => e.id === id, seqOfId(id) ?? undefined);
      this.syncProblems(log);
      return { deleted: removed.length > 0 };
    });
  }

  clear(input: HistoryClearInput): Promise<{ removed: number }> {
    return this.enqueue(async () => {
      const log = await this.open();
      const before = log.total;
      if ('all' in input) await log.clearAll();
      else if ('olderThanDays' in input)
        await log.removeOlderThan(this.o.now() - input.olderThanDays * DAY_MS);
      else await log.remove((e) => e.connectionId === input.connectionId);
      this.syncProblems(log);
      return { removed: before - log.total };
    });
  }

  bodyChunk(fileId: string, offset: number, maxBytes: number) {
    return this.enqueue(async () => {
      const chunk = await this.bodies.chunk(fileId, offset, maxBytes);
      if (chunk === null) throw notFound('body file');
      return chunk;
    });
  }

  exportHar(ids: readonly string[]): Promise<{ har: string; entries: number; missing: string[] }> {
    return this.enqueue(async () => {
      const log = await this.open();
      const retention = await this.retention();
      const parts: Array<{ entry: HistoryEntry; body: HarBodyText | null }> = [];
      const missing: string[] = [];
      let bytes = 0;
      for (const id of new Set(ids)) {
        const stored = await log.find(id, retention);
        const entry = stored && toContractEntry(stored);
        if (!entry) {
          missing.push(id);
          continue;
        }
        const body = await this.harBody(entry);
        bytes += JSON.stringify(entry).length + (body?.text.length ?? 0);
        if (bytes > HAR_MAX_BYTES) throw tooLarge();
        parts.push({ entry, body });
      }
      // Twice over: known secrets by value in every string, then the text as written.
      const doc = this.o.redactor.redactDeep(harDocument(this.o.creator, parts));
      const har = this.o.redactor.redactText(JSON.stringify(doc, null, 2));
      if (har.length > HAR_MAX_BYTES) throw tooLarge();
      return { har, entries: parts.length, missing };
    });
  }

  /** Opens the log (finding a torn or unreadable line) so its problems are reported; never throws. */
  async load(): Promise<void> {
    await this.enqueue(() => this.open()).catch((err: unknown) => {
      this.o.problems.report({
        source: 'history',
        message: `The history could not be opened (${err instanceof Error ? err.message : String(err)}); check that ${this.dir} is a writable folder.`,
        path: this.dir,
      });
    });
  }

  /** Resolves once everything queued so far is done (tests, shutdown). */
  idle(): Promise<void> {
    return this.enqueue(async () => undefined);
  }

  async close(): Promise<void> {
    await this.idle();
    const log = await this.opened?.catch(() => undefined);
    await log?.close();
  }

  // ── internals ──────────────────────────────────────────────────────────────

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private open(): Promise<HistoryLog> {
    this.opened ??= HistoryLog.open({
      dir: this.dir,
      bodiesDir: this.bodiesDir,
      now: this.o.now,
      maxFileBytes: this.o.maxFileBytes,
    }).then(
      (log) => {
        this.syncProblems(log);
        return log;
      },
      (err: unknown) => {
        this.opened = undefined; // try again on the next call
        throw err;
      },
    );
    return this.opened;
  }

  private syncProblems(log: HistoryLog): void {
    for (const p of log.problems) {
      this.o.problems.report({ source: 'history', message: p.message, path: p.path });
    }
  }

  private async retention(): Promise<Retention> {
    const s = await this.o.settings();
    return { maxEntries: s.maxEntries, maxAgeDays: s.maxAgeDays };
  }

  private async require(id: string): Promise<HistoryEntry> {
    const log = await this.open();
    const stored = await log.find(id, await this.retention());
    const entry = stored && toContractEntry(stored);
    if (!entry) throw notFound('entry');
    return entry;
  }

  private async write(send: RecordedSend): Promise<void> {
    const settings = await this.o.settings();
    if (!settings.enabled) return;
    const code =
      send.error === undefined ? null : isAppError(send.error) ? send.error.code : 'internal';
    if (code !== null && NOT_SENT.has(code)) return;
    let connection: { name: string; environment: string; baseUrl: string };
    try {
      connection = await this.o.describeConnection(send.input.connectionId);
    } catch {
      return; // the connection is gone (or never was): nothing to file it under
    }
    const log = await this.open();
    const seq = log.nextSeq();
    const id = `h${seq}-${randomBytes(4).toString('hex')}`;
    const res = send.response;
    let body: HistoryEntry['body'] = {
      kind: 'none',
      reason: res ? 'No body kept.' : 'No response arrived.',
    };
    if (res) {
      try {
        body = await this.bodies.keep(id, res.body, settings.maxBodyBytes);
      } catch (err) {
        body = { kind: 'none', reason: 'The body could not be written to the history folder.' };
        this.o.problems.report({
          source: 'history',
          message: `A response body could not be kept in the history (${err instanceof Error ? err.message : String(err)}); check free disk space in ${this.bodiesDir}.`,
          path: this.bodiesDir,
        });
      }
    }
    const errorShape =
      send.error === undefined
        ? null
        : {
            code: code ?? 'internal',
            message: send.error instanceof Error ? send.error.message : String(send.error),
          };
    const entry: StoredEntry = this.o.redactor.redactDeep({
      v: HISTORY_ENTRY_VERSION,
      id,
      at: new Date(send.startedAt).toISOString(),
      connectionId: send.input.connectionId,
      connectionName: connection.name,
      environment: connection.environment,
      durationMs: res ? res.timings.total : Math.max(0, Math.round(this.o.now() - send.startedAt)),
      request: requestOf(send, connection.baseUrl, settings.maxBodyBytes, (t) =>
        this.o.redactor.redactText(t),
      ),
      response: res
        ? {
            status: res.status,
            statusText: res.statusText,
            httpVersion: res.httpVersion,
            headers: scrubHeaderPairs(res.headers),
            size: res.size,
            timings: res.timings,
            redirects: res.redirects.map((r) => ({
              ...r,
              from: scrubUrl(r.from),
              to: scrubUrl(r.to),
            })),
            credentialsAttached: res.credentialsAttached,
          }
        : null,
      error: errorShape,
      body,
    });
    await log.append(entry, { maxEntries: settings.maxEntries, maxAgeDays: settings.maxAgeDays });
    this.syncProblems(log);
    this.o.onAdded?.(toSummary(entry));
  }

  private async bodyText(e: HistoryEntry): Promise<{ text: string; truncated: boolean } | null> {
    const b = e.body;
    if (b.kind === 'empty') return { text: '', truncated: false };
    if (b.kind === 'text') {
      const bytes = Buffer.from(b.text, 'utf8');
      if (bytes.length <= DIFF_TEXT_MAX_BYTES) return { text: b.text, truncated: false };
      return { text: bytes.subarray(0, DIFF_TEXT_MAX_BYTES).toString('utf8'), truncated: true };
    }
    if (b.kind === 'file' && b.preview !== '') {
      const chunk = await this.bodies.chunk(b.fileId, 0, DIFF_TEXT_MAX_BYTES);
      return chunk && { text: chunk.text, truncated: chunk.nextOffset !== null };
    }
    return null;
  }

  private async harBody(e: HistoryEntry): Promise<HarBodyText | null> {
    const b = e.body;
    switch (b.kind) {
      case 'empty':
      case 'none':
        return null;
      case 'text':
        return { text: b.text };
      case 'binary':
        return { text: b.base64, encoding: 'base64' };
      case 'file': {
        if (b.size > HAR_FILE_BODY_MAX_BYTES || b.preview === '') {
          return {
            text: '',
            comment: `The body (${b.size} bytes) is kept as a file by the console and is not part of this export.`,
          };
        }
        const chunk = await this.bodies.chunk(b.fileId, 0, HAR_FILE_BODY_MAX_BYTES);
        return chunk ? { text: chunk.text } : null;
      }
    }
  }
}

function notFound(what: string): AppError {
  return new AppError(
    'not_found',
    `That history ${what} is no longer kept (deleted, cleared or past retention). Refresh the history list.`,
  );
}

function tooLarge(): AppError {
  return new AppError(
    'too_large',
    `The HAR would be larger than ${HAR_MAX_BYTES / 1024 / 1024} MiB; export fewer entries at a time.`,
  );
}
