import type { AuditEntry, AuditOutcome } from './audit-entry';
import { parseEntryLine } from './audit-entry';
import { linesBackward } from './audit-files';
import type { SnapshotFile } from './audit-verify';

/** Listing for the audit screen: newest first, filtered, paged by seq. */

const MAX_PAGE = 1000;

export interface AuditListQuery {
  /** Default 100, at most 1000. */
  limit?: number;
  /** Only entries with a smaller seq: pass the previous page's `nextBefore`. */
  before?: number;
  connectionId?: string;
  /** Case-insensitive. */
  method?: string;
  outcome?: AuditOutcome;
  /** Case-insensitive substring of the url, names, actor, method, environment, error, status. */
  text?: string;
}

export interface AuditPage {
  /** Newest first. */
  entries: AuditEntry[];
  /** The `before` for the next page, or null when there are no older matches. */
  nextBefore: number | null;
  /** Lines that could not be read and were skipped; verify() says where. */
  unreadableLines: number;
}

/**
 * Reads the snapshot's files from their ends, newest file first, and stops once a page
 * plus one more match is found: the first pages of a 100k-entry log read a few KiB.
 */
export async function listSnapshot(
  files: readonly SnapshotFile[],
  query: AuditListQuery,
): Promise<AuditPage> {
  const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(query.limit ?? 100)));
  const before = query.before ?? Number.POSITIVE_INFINITY;
  const matches = entryFilter(query);
  const entries: AuditEntry[] = [];
  let unreadableLines = 0;
  for (const file of [...files].reverse()) {
    for await (const l of linesBackward(file.handle, file.size)) {
      const parsed = parseEntryLine(l.bytes.toString('utf8'));
      if (!parsed.ok) {
        unreadableLines += 1;
        continue;
      }
      if (parsed.entry.seq >= before || !matches(parsed.entry)) continue;
      if (entries.length === limit) {
        return { entries, nextBefore: entries[limit - 1]?.seq ?? null, unreadableLines };
      }
      entries.push(parsed.entry);
    }
  }
  return { entries, nextBefore: null, unreadableLines };
}

function entryFilter(query: AuditListQuery): (e: AuditEntry) => boolean {
  const method = query.method?.toUpperCase();
  const text = query.text?.toLowerCase();
  return (e) => {
    if (query.connectionId !== undefined && e.connectionId !== query.connectionId) return false;
    if (method !== undefined && e.method.toUpperCase() !== method) return false;
    if (query.outcome !== undefined && e.outcome !== query.outcome) return false;
    if (text === undefined || text === '') return true;
    const haystack = [
      e.url,
      e.connectionName,
      e.connectionId,
      e.actor,
      e.method,
      e.environment,
      e.outcome,
      e.errorCode,
      e.status === null ? '' : String(e.status),
    ];
    return haystack.some((v) => v !== undefined && v.toLowerCase().includes(text));
  };
}
