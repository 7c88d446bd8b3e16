import { join } from 'node:path';
import type { AuditVerifyShape, ConnectionSummary } from '../../../preload/contract';
import { AppError } from '../errors';
import type { StorageProblems } from '../storage/versioned-file';
import { AuditLog, sha256Hex, type AuditListQuery, type AuditPage } from './audit-log';
import type { AuditOutcome } from './audit-entry';

/** The most the export hands over in one answer; past it the operator copies the files. */
export const AUDIT_EXPORT_MAX_BYTES = 32 * 1024 * 1024;

/** One mutating call as the request path knows it, before the log adds the chain. */
export interface AuditedCall {
  connection: Pick<ConnectionSummary, 'id' | 'name' | 'environment' | 'session'>;
  /** Who acted, when not the connection's signed-in admin (e.g. the username signing in). */
  actor?: string;
  method: string;
  url: string;
  body?: string;
  status: number | null;
  outcome: AuditOutcome;
  errorCode?: string;
  confirmed?: boolean;
  targetCount?: number;
  startedAt: number;
}

export interface AuditTrailOptions {
  dataDir: string;
  redact: (text: string) => string;
  now: () => number;
  problems: StorageProblems;
  log?: (line: string) => void;
}

/**
 * The console's use of the audit log: opened on first use, fed by the request
 * path after every mutating call, read by the audit screen. Recording never
 * fails the operator's call (the request has already happened); a write that
 * fails is reported as a stored-data problem so it is seen, not swallowed.
 */
export class AuditTrail {
  private opened?: Promise<AuditLog>;

  constructor(private readonly options: AuditTrailOptions) {}

  readonly dir = (): string => join(this.options.dataDir, 'audit');

  private open(): Promise<AuditLog> {
    this.opened ??= AuditLog.open({
      dir: this.dir(),
      redact: this.options.redact,
      now: this.options.now,
    }).then((log) => {
      for (const p of log.problems) this.options.problems.report(p);
      return log;
    });
    return this.opened;
  }

  async record(call: AuditedCall): Promise<void> {
    try {
      const log = await this.open();
      await log.append({
        ...actorOf(call),
        connectionId: call.connection.id,
        connectionName: call.connection.name,
        environment: call.connection.environment,
        method: call.method,
        url: call.url,
        status: call.status,
        outcome: call.outcome,
        ...(call.errorCode ? { errorCode: call.errorCode } : {}),
        ...(call.confirmed ? { confirmed: true } : {}),
        ...(call.targetCount !== undefined ? { targetCount: call.targetCount } : {}),
        ...(call.body ? { bodySha256: sha256Hex(call.body) } : {}),
        durationMs: Math.max(0, this.options.now() - call.startedAt),
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.options.log?.(`audit: could not record ${call.method} ${call.url}: ${message}`);
      this.options.problems.report({
        source: 'audit',
        message: `A change could not be written to the audit log (${message}). The request itself went ahead; check that the data directory is writable.`,
        path: this.dir(),
      });
    }
  }

  async list(query: AuditListQuery): Promise<AuditPage> {
    return (await this.open()).list(query);
  }

  async verify(): Promise<AuditVerifyShape> {
    const result = await (await this.open()).verify();
    if (result.ok) return result;
    return {
      ok: false,
      entries: result.entries,
      message: result.message,
      brokenAt: result.brokenAt,
    };
  }

  async exportJsonl(): Promise<{ jsonl: string; lines: number }> {
    const parts: string[] = [];
    let bytes = 0;
    for await (const line of (await this.open()).export()) {
      bytes += Buffer.byteLength(line);
      if (bytes > AUDIT_EXPORT_MAX_BYTES) {
        throw new AppError(
          'too_large',
          `The audit log is larger than ${AUDIT_EXPORT_MAX_BYTES / 1024 / 1024} MiB; copy the files from ${this.dir()} instead.`,
        );
      }
      parts.push(line);
    }
    return { jsonl: parts.join(''), lines: parts.length };
  }

  async close(): Promise<void> {
    // A log that never opened (its failure was reported then) has nothing to close.
    const log = await this.opened?.catch(() => undefined);
    await log?.close();
  }
}

function actorOf(call: AuditedCall): { actor?: string } {
  const actor = call.actor ?? call.connection.session?.admin.username;
  return actor ? { actor } : {};
}

/** Every part of an audited call except what its outcome decides. */
export type AuditedCallBase = Omit<AuditedCall, 'status' | 'outcome' | 'errorCode' | 'startedAt'>;

/**
 * Runs one mutating call and records how it ended: sent (with the status),
 * refused by a guard, cancelled, or failed. A confirmation question is not an
 * outcome: the operator's answer comes back as a new call, recorded then.
 */
export async function withAudit<T>(
  trail: AuditTrail,
  now: () => number,
  base: AuditedCallBase,
  run: () => Promise<T>,
  statusOf: (value: T) => number | null,
): Promise<T> {
  const startedAt = now();
  let value: T;
  try {
    value = await run();
  } catch (err) {
    const code = err instanceof AppError ? err.code : 'internal';
    if (code !== 'confirmation_required') {
      const outcome: AuditOutcome =
        code === 'read_only' ? 'refused' : code === 'aborted' ? 'cancelled' : 'failed';
      await trail.record({ ...base, status: null, outcome, errorCode: code, startedAt });
    }
    throw err;
  }
  await trail.record({ ...base, status: statusOf(value), outcome: 'sent', startedAt });
  return value;
}
