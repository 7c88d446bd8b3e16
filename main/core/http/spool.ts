import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface PruneOptions {
  /** Bodies older than this go (default 24 h). */
  maxAgeMs?: number;
  /** Of the rest, only this many newest stay (default 50). */
  maxFiles?: number;
  now?: () => number;
}

export interface PruneResult {
  deleted: string[];
  kept: string[];
}

export const SPOOL_SUFFIX = '.body';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes spooled response bodies (`*.body` in `dir`) older than `maxAgeMs`
 * and all but the `maxFiles` newest of the rest. Run at startup, when no send
 * is writing one. Anything else in the folder is left alone; a folder that
 * does not exist yet means there is nothing to prune.
 */
export async function pruneSpool(dir: string, opts: PruneOptions = {}): Promise<PruneResult> {
  const maxAgeMs = opts.maxAgeMs ?? DAY_MS;
  const maxFiles = opts.maxFiles ?? 50;
  const now = (opts.now ?? Date.now)();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { deleted: [], kept: [] };
    throw err;
  }
  const bodies: Array<{ name: string; mtimeMs: number }> = [];
  for (const name of names) {
    if (!name.endsWith(SPOOL_SUFFIX)) continue;
    try {
      const s = await stat(join(dir, name));
      if (s.isFile()) bodies.push({ name, mtimeMs: s.mtimeMs });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  // Newest first; the name breaks ties so the order does not depend on the file system.
  bodies.sort((a, b) => b.mtimeMs - a.mtimeMs || a.name.localeCompare(b.name));
  const deleted: string[] = [];
  const kept: string[] = [];
  for (const body of bodies) {
    if (now - body.mtimeMs > maxAgeMs || kept.length >= maxFiles) {
      await rm(join(dir, body.name), { force: true });
      deleted.push(body.name);
    } else {
      kept.push(body.name);
    }
  }
  return { deleted, kept };
}
