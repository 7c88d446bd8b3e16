import { createHash } from 'node:crypto';

/**
 * The audit entry: its shape, how it is hashed, and how a stored line is read back.
 * Kept apart from the file handling so verification and listing share one parser.
 */

export const AUDIT_SCHEMA_VERSION = 1;
/** The prevHash of the first entry ever written. */
export const GENESIS_HASH = '0'.repeat(64);

export const AUDIT_OUTCOMES = ['sent', 'refused', 'failed', 'cancelled'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** What a caller records for one mutating call; the log adds version, seq, at and the chain. */
export interface AuditRecord {
  /** Who acted, e.g. the signed-in Sentinel Secure X admin's username. */
  actor?: string;
  connectionId: string;
  connectionName: string;
  /** The connection's environment label: production, staging, sandbox, demo. */
  environment: string;
  method: string;
  /** Already redacted by the caller; the log redacts it again. */
  url: string;
  /** The HTTP status, or null when no response arrived (refused, failed, cancelled). */
  status: number | null;
  outcome: AuditOutcome;
  errorCode?: string;
  /** A production confirmation was given for this call. */
  confirmed?: boolean;
  /** How many things the call acts on (agents, threats, sessions), when known. */
  targetCount?: number;
  /** sha256 hex of the request body (see `sha256Hex`); the body itself is never stored. */
  bodySha256?: string;
  durationMs?: number;
}

export interface AuditEntry extends AuditRecord {
  version: typeof AUDIT_SCHEMA_VERSION;
  /** 1, 2, 3… across rotations. */
  seq: number;
  /** ISO 8601 time from the log's clock. */
  at: string;
  prevHash: string;
  /** sha256 hex of prevHash + canonical JSON of the entry without `hash`. */
  hash: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** JSON with object keys sorted at every level and no whitespace: one text per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  // Entries are flat: an array replacer lists (and orders) the keys in one native call.
  if (keys.every((k) => !isObject((value as Record<string, unknown>)[k]))) {
    return JSON.stringify(value, keys);
  }
  const parts: string[] = [];
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

export function entryHash(entry: Omit<AuditEntry, 'hash'> & { hash?: string }): string {
  const { hash: _hash, ...rest } = entry;
  return sha256Hex(entry.prevHash + canonicalJson(rest));
}

const HEX64 = /^[0-9a-f]{64}$/;
const STRING_FIELDS = ['actor', 'connectionId', 'connectionName', 'environment', 'method', 'url'];
const OPTIONAL_STRINGS = new Set(['actor', 'errorCode', 'bodySha256']);
const KNOWN_FIELDS = new Set([
  ...STRING_FIELDS,
  'version',
  'seq',
  'at',
  'status',
  'outcome',
  'errorCode',
  'confirmed',
  'targetCount',
  'bodySha256',
  'durationMs',
  'prevHash',
  'hash',
]);

/**
 * Why a record or stored entry is not a valid entry, or null when it is. Shared by
 * `append` (so nothing unverifiable is ever written: NaN would turn into null and break
 * the hash) and by the readers (so a hand-edited line is reported, not trusted).
 */
export function entryProblem(raw: Record<string, unknown>, stored: boolean): string | null {
  for (const key of [...STRING_FIELDS, 'errorCode', 'bodySha256']) {
    const v = raw[key];
    if (v === undefined && OPTIONAL_STRINGS.has(key)) continue;
    if (typeof v !== 'string') return `${key} must be a string`;
  }
  if (!(AUDIT_OUTCOMES as readonly unknown[]).includes(raw.outcome)) {
    return `outcome must be one of ${AUDIT_OUTCOMES.join(', ')}`;
  }
  const status = raw.status;
  if (
    status !== null &&
    !(Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 999)
  ) {
    return 'status must be an HTTP status code or null';
  }
  if (raw.confirmed !== undefined && typeof raw.confirmed !== 'boolean') {
    return 'confirmed must be a boolean';
  }
  if (raw.targetCount !== undefined && !isCount(raw.targetCount)) {
    return 'targetCount must be a whole number ≥ 0';
  }
  if (raw.durationMs !== undefined && !(isFiniteNumber(raw.durationMs) && raw.durationMs >= 0)) {
    return 'durationMs must be a finite number ≥ 0';
  }
  if (raw.bodySha256 !== undefined && !HEX64.test(raw.bodySha256 as string)) {
    return 'bodySha256 must be 64 lower-case hex digits';
  }
  if (!stored) return null;
  if (raw.version !== AUDIT_SCHEMA_VERSION) {
    return isFiniteNumber(raw.version) && raw.version > AUDIT_SCHEMA_VERSION
      ? `written by a newer console (schema version ${raw.version})`
      : 'version must be 1';
  }
  if (!isCount(raw.seq) || raw.seq < 1) return 'seq must be a whole number ≥ 1';
  if (typeof raw.at !== 'string') return 'at must be a string';
  if (typeof raw.prevHash !== 'string' || !HEX64.test(raw.prevHash)) return 'bad prevHash';
  if (typeof raw.hash !== 'string' || !HEX64.test(raw.hash)) return 'bad hash';
  const unknown = Object.keys(raw).find((k) => !KNOWN_FIELDS.has(k));
  return unknown === undefined ? null : `unknown field ${unknown}`;
}

export type ParsedLine = { ok: true; entry: AuditEntry } | { ok: false; problem: string };

/** Reads one stored line; checks its shape, not its hash or place in the chain. */
export function parseEntryLine(text: string): ParsedLine {
  if (text.trim() === '') return { ok: false, problem: 'blank line' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not valid JSON' };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, problem: 'not a JSON object' };
  }
  const problem = entryProblem(raw as Record<string, unknown>, true);
  return problem === null ? { ok: true, entry: raw as AuditEntry } : { ok: false, problem };
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isCount(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

function isObject(v: unknown): boolean {
  return v !== null && typeof v === 'object';
}
