import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEntryLine } from './audit-entry';
import {
  CURRENT_FILE,
  linesBackward,
  linesForward,
  listRotatedFiles,
  rotatedFileName,
  syncDir,
} from './audit-files';
import type { SnapshotFile } from './audit-verify';

/**
 * The audit log's file operations that run while nothing else touches the directory:
 * recovery on open, rotation, and taking a read snapshot (all called inside the log's
 * queue or before it exists).
 */

/** Shaped like storage's `StorageProblem`, so the caller can report it as one. */
export interface AuditProblem {
  source: 'audit';
  code: 'partial_line_set_aside' | 'unreadable_tail' | 'rotation_cleanup_failed';
  message: string;
  path?: string;
}

export interface RecoveredTail {
  problems: AuditProblem[];
  currentSize: number;
  /** The seq of the current file's first readable entry, for naming it on rotation. */
  currentFirstSeq: number | null;
  /** The newest readable entry in any file: the chain continues from it. */
  last: { seq: number; hash: string } | null;
}

export async function recoverTail(o: {
  dir: string;
  now: () => number;
  fsync: boolean;
}): Promise<RecoveredTail> {
  const problems: AuditProblem[] = [];
  const handle = await openIfExists(join(o.dir, CURRENT_FILE), 'r+');
  let currentSize = 0;
  let currentFirstSeq: number | null = null;
  let setAsideName: string | null = null;
  let found: LastEntry = { last: null, unreadable: 0, firstProblem: null };
  try {
    if (handle !== null) {
      currentSize = (await handle.stat()).size;
      for await (const l of linesBackward(handle, currentSize)) {
        if (!l.terminated) {
          // A crash mid-write leaves a line without its newline. Keep its bytes for the
          // operator, then cut it off so the next entry starts on a line of its own.
          setAsideName = await setAside(o.dir, l.bytes, o.now(), o.fsync);
          await handle.truncate(l.offset);
          if (o.fsync) await handle.sync();
          currentSize = l.offset;
        }
        break;
      }
      found = await lastEntry(handle, currentSize);
      for await (const l of linesForward(handle, currentSize)) {
        const parsed = parseEntryLine(l.bytes.toString('utf8'));
        if (parsed.ok) {
          currentFirstSeq = parsed.entry.seq;
          break;
        }
      }
    }
    for (const file of (await listRotatedFiles(o.dir)).reverse()) {
      if (found.last !== null) break;
      const rotated = await openIfExists(join(o.dir, file.name), 'r');
      if (rotated === null) continue;
      try {
        const more = await lastEntry(rotated, (await rotated.stat()).size);
        found = { ...more, unreadable: found.unreadable + more.unreadable };
        found.firstProblem ??= more.firstProblem;
      } finally {
        await rotated.close();
      }
    }
  } finally {
    await handle?.close();
  }

  const continues = found.last === null ? 'a new chain' : `entry ${found.last.seq}`;
  if (setAsideName !== null) {
    problems.push({
      source: 'audit',
      code: 'partial_line_set_aside',
      message: `The last audit entry was cut short by a crash; it was set aside as ${setAsideName} and the audit log continues from ${continues}.`,
      path: join(o.dir, setAsideName),
    });
  }
  if (found.unreadable > 0) {
    problems.push({
      source: 'audit',
      code: 'unreadable_tail',
      message: `${found.unreadable} line(s) at the end of the audit log could not be read (${found.firstProblem}). They were left in place and "Verify audit log" shows where; new entries continue from ${continues}.`,
      path: join(o.dir, CURRENT_FILE),
    });
  }
  return { problems, currentSize, currentFirstSeq, last: found.last };
}

interface LastEntry {
  last: { seq: number; hash: string } | null;
  unreadable: number;
  firstProblem: string | null;
}

async function lastEntry(handle: FileHandle, size: number): Promise<LastEntry> {
  let unreadable = 0;
  let firstProblem: string | null = null;
  for await (const l of linesBackward(handle, size)) {
    const parsed = parseEntryLine(l.bytes.toString('utf8'));
    if (parsed.ok) {
      return { last: { seq: parsed.entry.seq, hash: parsed.entry.hash }, unreadable, firstProblem };
    }
    unreadable += 1;
    firstProblem ??= parsed.problem;
  }
  return { last: null, unreadable, firstProblem };
}

async function setAside(dir: string, bytes: Buffer, at: number, fsync: boolean): Promise<string> {
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? `audit.partial-${stamp}` : `audit.partial-${stamp}-${n}`;
    let out: FileHandle;
    try {
      out = await open(join(dir, name), 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    try {
      await out.writeFile(bytes);
      if (fsync) await out.sync();
    } finally {
      await out.close();
    }
    if (fsync) await syncDir(dir);
    return name;
  }
}

/** Renames the current file after its first seq and deletes the oldest beyond `keep`. */
export async function rotateCurrent(o: {
  dir: string;
  firstSeq: number;
  keep: number;
  fsync: boolean;
}): Promise<AuditProblem[]> {
  const rotated = await listRotatedFiles(o.dir);
  let seq = o.firstSeq;
  // rename() replaces an existing file; an audit file must never be overwritten.
  while (rotated.some((r) => r.firstSeq === seq)) seq += 1;
  const name = rotatedFileName(seq);
  await rename(join(o.dir, CURRENT_FILE), join(o.dir, name));
  if (o.fsync) await syncDir(o.dir);
  rotated.push({ name, firstSeq: seq });
  rotated.sort((a, b) => a.firstSeq - b.firstSeq);

  const problems: AuditProblem[] = [];
  while (rotated.length > o.keep) {
    const oldest = rotated.shift();
    if (oldest === undefined) break;
    try {
      await rm(join(o.dir, oldest.name), { force: true });
    } catch (err) {
      problems.push({
        source: 'audit',
        code: 'rotation_cleanup_failed',
        message: `The old audit file ${oldest.name} could not be deleted (${(err as Error).message}); delete it by hand once it is no longer needed.`,
        path: join(o.dir, oldest.name),
      });
      break;
    }
  }
  return problems;
}

/**
 * Opens the files a reader needs, so that it can read them after the queue moves on:
 * rotation renames and deletes by path, and an open handle keeps reading the same file.
 */
export async function takeSnapshot(
  dir: string,
  include: (firstSeq: number) => boolean,
  currentFirstSeq: number,
): Promise<SnapshotFile[]> {
  const files: SnapshotFile[] = [];
  const add = async (name: string, firstSeq: number | null): Promise<void> => {
    const handle = await openIfExists(join(dir, name), 'r');
    if (handle === null) return;
    try {
      files.push({ name, firstSeq, handle, size: (await handle.stat()).size });
    } catch (err) {
      await handle.close();
      throw err;
    }
  };
  try {
    for (const r of await listRotatedFiles(dir)) {
      if (include(r.firstSeq)) await add(r.name, r.firstSeq);
    }
    if (include(currentFirstSeq)) await add(CURRENT_FILE, null);
  } catch (err) {
    await closeSnapshot(files);
    throw err;
  }
  return files;
}

export async function closeSnapshot(files: readonly SnapshotFile[]): Promise<void> {
  await Promise.all(files.map((f) => f.handle.close().catch(() => undefined)));
}

async function openIfExists(path: string, flags: 'r' | 'r+'): Promise<FileHandle | null> {
  try {
    return await open(path, flags);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
