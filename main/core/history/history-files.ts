import { open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { linesBackward, linesForward } from '../audit/audit-files';
import { parseEntryLine, type StoredEntry } from './history-entry';

/**
 * The history folder's files. `history.jsonl` takes appends; when it would pass the size
 * limit it is renamed `history-<first seq, 12 digits>-<entries, 7 digits>.jsonl`. The name
 * carries the count so retention by count needs no scan of old files, and the first seq
 * so an entry id (which carries its seq) leads straight to its file.
 */

export const CURRENT_FILE = 'history.jsonl';
const ROTATED = /^history-(\d{12})-(\d{7})\.jsonl$/;
const BODY = /^h(\d{1,15})-[0-9a-f]{8}\.body$/;

export function rotatedName(firstSeq: number, count: number): string {
  return `history-${String(firstSeq).padStart(12, '0')}-${String(count).padStart(7, '0')}.jsonl`;
}

export interface RotatedFile {
  name: string;
  firstSeq: number;
  count: number;
  /** `at` of the first and last readable entries, read on demand and cached (files only shrink). */
  firstAtMs?: number | null;
  lastAtMs?: number | null;
}

/**
 * Rotated files, oldest first. Two files with the same first seq are what a crash in the
 * middle of a rewrite leaves (the new one renamed in, the old one not yet removed); a
 * rewrite only ever removes entries, so the one with fewer is the newer and stays.
 */
export async function listRotated(dir: string): Promise<RotatedFile[]> {
  const bySeq = new Map<number, RotatedFile>();
  for (const name of await readdir(dir)) {
    const m = ROTATED.exec(name);
    if (m?.[1] === undefined || m[2] === undefined) continue;
    const file = { name, firstSeq: Number(m[1]), count: Number(m[2]) };
    const other = bySeq.get(file.firstSeq);
    if (other === undefined) {
      bySeq.set(file.firstSeq, file);
      continue;
    }
    const [keep, drop] = file.count < other.count ? [file, other] : [other, file];
    bySeq.set(keep.firstSeq, keep);
    await rm(join(dir, drop.name), { force: true });
  }
  return [...bySeq.values()].sort((a, b) => a.firstSeq - b.firstSeq);
}

/** Leftovers of an atomic write that a crash interrupted. */
export async function removeTempFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.startsWith('.') && name.endsWith('.tmp')) await rm(join(dir, name), { force: true });
  }
}

export async function openIfExists(path: string, flags: 'r' | 'r+'): Promise<FileHandle | null> {
  try {
    return await open(path, flags);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** The first (or last) readable entry of a file. */
export async function edgeEntry(
  path: string,
  which: 'first' | 'last',
): Promise<{ entry: StoredEntry; seq: number } | null> {
  const handle = await openIfExists(path, 'r');
  if (handle === null) return null;
  try {
    const size = (await handle.stat()).size;
    const lines = which === 'first' ? linesForward(handle, size) : linesBackward(handle, size);
    for await (const l of lines) {
      const parsed = parseEntryLine(l.bytes.toString('utf8'));
      if (parsed.ok) return { entry: parsed.entry, seq: parsed.seq };
    }
    return null;
  } finally {
    await handle.close();
  }
}

/** Body files whose seq is below `seq` (entries before the oldest kept file), or all. */
export async function removeBodiesBelow(bodiesDir: string, seq: number): Promise<void> {
  let names: string[];
  try {
    names = await readdir(bodiesDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const name of names) {
    const m = BODY.exec(name);
    if (m?.[1] !== undefined && Number(m[1]) < seq)
      await rm(join(bodiesDir, name), { force: true });
    else if (name.startsWith('.') && name.endsWith('.tmp'))
      await rm(join(bodiesDir, name), { force: true });
  }
}

/** Body files written for entries that never made it into the log (a crash between the two). */
export async function removeBodiesAbove(bodiesDir: string, seq: number): Promise<void> {
  let names: string[];
  try {
    names = await readdir(bodiesDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const name of names) {
    const m = BODY.exec(name);
    if (m?.[1] !== undefined && Number(m[1]) > seq)
      await rm(join(bodiesDir, name), { force: true });
  }
}
