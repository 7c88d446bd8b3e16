import type { FileHandle } from 'node:fs/promises';
import { entryHash, GENESIS_HASH, parseEntryLine } from './audit-entry';
import { linesForward } from './audit-files';

/** One file of a snapshot: open, with the byte count to read (the current file grows). */
export interface SnapshotFile {
  name: string;
  /** From a rotated file's name; null for the current file. */
  firstSeq: number | null;
  handle: FileHandle;
  size: number;
}

export type AuditBreakReason =
  /** The last line of a file has no newline: a write was cut short. */
  | 'partial_line'
  /** Not JSON, not an entry, a blank line, or a newer schema version. */
  | 'unreadable'
  /** The entry was edited after it was written. */
  | 'hash_mismatch'
  /** Seqs jump forward: entries were deleted (or reordered, when the missing seq never turns up). */
  | 'seq_gap'
  /** An entry is not where its seq puts it: lines were swapped, duplicated or inserted. */
  | 'reordered'
  /** The entry does not follow the one before it: inserted, or its neighbour was replaced. */
  | 'prev_hash_mismatch'
  /** Seq 1 must chain from 64 zeros, and without rotated files the log must start at seq 1. */
  | 'bad_genesis'
  /** A jump in seqs between two files: a rotated file was removed or emptied. */
  | 'file_missing'
  /** A rotated file does not start at the seq in its name: lines were cut from its start. */
  | 'file_name_mismatch';

export interface AuditBreak {
  /** The file's name inside the audit directory. */
  file: string;
  /** 1-based line in that file. */
  line: number;
  /** The offending entry's seq, when the line can be read. */
  seq: number | null;
}

export type AuditVerifyResult =
  | {
      ok: true;
      entries: number;
      /** The oldest entry kept; above 1 when rotation has dropped older files. */
      firstSeq: number | null;
      lastSeq: number | null;
    }
  | {
      ok: false;
      /** Entries that verified before the break. */
      entries: number;
      brokenAt: AuditBreak;
      reason: AuditBreakReason;
      message: string;
    };

/**
 * Walks the files oldest to newest, checking each entry's hash, its seq and its link to
 * the entry before it. The oldest entry kept is trusted as the anchor: without a copy of
 * some hash held elsewhere, dropping the oldest files is indistinguishable from rotation,
 * and cutting entries from the end of the newest file is not detectable at all.
 */
export async function verifySnapshot(files: readonly SnapshotFile[]): Promise<AuditVerifyResult> {
  let entries = 0;
  let firstSeq: number | null = null;
  let expectedSeq: number | null = null;
  let prevHash = GENESIS_HASH;
  // A forward jump in seq is a deletion unless the missing seq turns up later (a swap).
  let gap: { at: AuditBreak; message: string; expected: number; reason: AuditBreakReason } | null =
    null;
  const onlyCurrent = files.length > 0 && files.every((f) => f.firstSeq === null);

  for (const file of files) {
    let firstInFile = true;
    for await (const l of linesForward(file.handle, file.size)) {
      const parsed = parseEntryLine(l.bytes.toString('utf8'));
      const seq = parsed.ok ? parsed.entry.seq : null;
      const at: AuditBreak = { file: file.name, line: l.line, seq };
      if (gap !== null) {
        if (seq === gap.expected) {
          const message = `seq ${gap.expected} appears after seq ${gap.at.seq}: entries were reordered.`;
          return { ok: false, entries, brokenAt: gap.at, reason: 'reordered', message };
        }
        continue;
      }
      const fail = (reason: AuditBreakReason, message: string): AuditVerifyResult => ({
        ok: false,
        entries,
        brokenAt: at,
        reason,
        message,
      });
      if (!l.terminated) return fail('partial_line', 'The last line was cut short by a crash.');
      if (!parsed.ok) return fail('unreadable', `The line cannot be read: ${parsed.problem}.`);
      const e = parsed.entry;
      if (entryHash(e) !== e.hash) {
        return fail('hash_mismatch', `Entry ${e.seq} was changed after it was written.`);
      }
      if (firstInFile && file.firstSeq !== null && e.seq !== file.firstSeq) {
        return fail(
          'file_name_mismatch',
          `${file.name} should start at seq ${file.firstSeq} but starts at seq ${e.seq}: entries were cut from its start or the file was renamed.`,
        );
      }
      if (expectedSeq === null) {
        if ((e.seq === 1 && e.prevHash !== GENESIS_HASH) || (e.seq !== 1 && onlyCurrent)) {
          return fail(
            'bad_genesis',
            `The log should begin with seq 1 but begins with seq ${e.seq}.`,
          );
        }
        firstSeq = e.seq;
      } else if (e.seq > expectedSeq) {
        const missing =
          e.seq === expectedSeq + 1
            ? `Entry ${expectedSeq} is`
            : `Entries ${expectedSeq}–${e.seq - 1} are`;
        if (firstInFile) {
          return fail(
            'file_missing',
            `${missing} missing before ${file.name}: a rotated file was removed or emptied.`,
          );
        }
        gap = {
          at,
          expected: expectedSeq,
          reason: 'seq_gap',
          message: `${missing} missing: deleted.`,
        };
        continue;
      } else if (e.seq < expectedSeq) {
        return fail(
          'reordered',
          `Seq ${e.seq} comes after seq ${expectedSeq - 1}: entries were reordered, duplicated or inserted.`,
        );
      } else if (e.prevHash !== prevHash) {
        return fail(
          'prev_hash_mismatch',
          `Entry ${e.seq} does not follow entry ${expectedSeq - 1}: it was inserted or replaced.`,
        );
      }
      expectedSeq = e.seq + 1;
      prevHash = e.hash;
      entries += 1;
      firstInFile = false;
    }
  }
  if (gap !== null) {
    return { ok: false, entries, brokenAt: gap.at, reason: gap.reason, message: gap.message };
  }
  return { ok: true, entries, firstSeq, lastSeq: expectedSeq === null ? null : expectedSeq - 1 };
}
