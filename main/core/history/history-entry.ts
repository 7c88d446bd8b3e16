import {
  HistoryEntrySchema,
  type HistoryEntry,
  type HistorySummary,
} from '../../../preload/schemas/history';

/** The format of one stored line; a line with a higher `v` came from a newer console. */
export const HISTORY_ENTRY_VERSION = 1;

export type StoredEntry = HistoryEntry & { v: number };

const ID = /^h(\d{1,15})-[0-9a-f]{8}$/;

export function seqOfId(id: string): number | null {
  const m = ID.exec(id);
  return m?.[1] === undefined ? null : Number(m[1]);
}

export function bodyFileIdOf(id: string): string {
  return `${id}.body`;
}

export type ParsedLine =
  { ok: true; entry: StoredEntry; seq: number } | { ok: false; problem: string };

/**
 * A cheap check, enough for listing (every field a summary reads); `get` validates the
 * whole entry against the contract schema before answering it.
 */
export function parseEntryLine(text: string): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  if (typeof raw !== 'object' || raw === null) return { ok: false, problem: 'not an object' };
  const e = raw as Partial<StoredEntry>;
  if (e.v !== HISTORY_ENTRY_VERSION) return { ok: false, problem: `entry format ${String(e.v)}` };
  const seq = typeof e.id === 'string' ? seqOfId(e.id) : null;
  if (
    seq === null ||
    typeof e.at !== 'string' ||
    typeof e.request !== 'object' ||
    e.request === null ||
    typeof e.request.url !== 'string' ||
    typeof e.request.method !== 'string' ||
    typeof e.body !== 'object' ||
    e.body === null
  ) {
    return { ok: false, problem: 'missing fields' };
  }
  return { ok: true, entry: e as StoredEntry, seq };
}

export function toSummary(e: HistoryEntry): HistorySummary {
  return {
    id: e.id,
    at: e.at,
    connectionId: e.connectionId,
    connectionName: e.connectionName,
    environment: e.environment,
    method: e.request.method,
    url: e.request.url,
    status: e.response?.status ?? null,
    errorCode: e.error?.code ?? null,
    size: e.response?.size ?? null,
    durationMs: e.durationMs,
  };
}

/** The entry as the contract describes it (no storage fields), or null if it does not fit. */
export function toContractEntry(e: StoredEntry): HistoryEntry | null {
  const { v: _v, ...entry } = e;
  const checked = HistoryEntrySchema.safeParse(entry);
  return checked.success ? checked.data : null;
}
