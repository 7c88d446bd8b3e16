import { copyFile } from 'node:fs/promises';
import { readJsonFile } from './atomic-file';

/**
 * How one persisted document evolves: every file carries `version`; older
 * versions are migrated step by step (n → n+1) up to `current`, then checked
 * by `parse`. A version newer than `current` came from a newer console: it is
 * left exactly as it is, and the caller must not write over it.
 */
export interface VersionedFormat<T> {
  /** What the file is, in the operator's words ("Your connections file"). */
  label: string;
  current: number;
  /** `migrations[n]` turns a version-n document into a version-(n+1) one. */
  migrations: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>;
  parse: (raw: unknown) => T;
}

export type VersionedRead<T> =
  | { status: 'missing' }
  | { status: 'ok'; value: T; migratedFrom?: number; backupPath?: string }
  | { status: 'corrupt'; error: string; setAsidePath: string; message: string }
  | { status: 'newer'; version: number; message: string };

class NewerVersion extends Error {
  constructor(readonly version: number) {
    super(`version ${version}`);
  }
}

function migrate<T>(raw: unknown, format: VersionedFormat<T>): { doc: unknown; from: number } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error('the file is not a JSON object');
  }
  let doc = raw as Record<string, unknown>;
  const from = doc.version;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) {
    throw new Error('the file has no valid "version"');
  }
  if (from > format.current) throw new NewerVersion(from);
  for (let v = from; v < format.current; v++) {
    const step = format.migrations[v];
    if (!step) throw new Error(`no migration from version ${v}`);
    doc = { ...step(doc), version: v + 1 };
  }
  return { doc, from };
}

/**
 * Reads a versioned JSON file. A corrupt file is renamed aside and reported;
 * a migrated one keeps a copy of the original next to it
 * (`<file>.v<old>-backup`) so a downgrade loses nothing.
 */
export async function readVersionedFile<T>(
  path: string,
  format: VersionedFormat<T>,
): Promise<VersionedRead<T>> {
  let newer: number | undefined;
  let from = format.current;
  const read = await readJsonFile(path, (raw) => {
    try {
      const migrated = migrate(raw, format);
      from = migrated.from;
      return format.parse(migrated.doc);
    } catch (err) {
      if (err instanceof NewerVersion) {
        newer = err.version;
        return null;
      }
      throw err;
    }
  });
  if (newer !== undefined) {
    return {
      status: 'newer',
      version: newer,
      message: `${format.label} was written by a newer version of the console (format ${newer}; this one reads up to ${format.current}). It was left untouched and is read-only here: update the console to make changes.`,
    };
  }
  if (read.status === 'missing') return read;
  if (read.status === 'corrupt') {
    return {
      ...read,
      message: `${format.label} could not be read (${read.error.slice(0, 200)}). It was kept as ${read.setAsidePath} and the console started without it; restore it from there or from a backup.`,
    };
  }
  if (from === format.current) return { status: 'ok', value: read.value as T };
  const backupPath = `${path}.v${from}-backup`;
  await copyFile(path, backupPath);
  return { status: 'ok', value: read.value as T, migratedFrom: from, backupPath };
}

/** Something about the operator's stored data that they should know; shown until dismissed. */
export interface StorageProblem {
  source: 'connections' | 'settings' | 'audit' | 'history';
  message: string;
  path?: string;
}

/** The problems found while reading stored data, for `app:problems`. */
export class StorageProblems {
  private readonly items: StorageProblem[] = [];

  report(problem: StorageProblem): void {
    if (!this.items.some((p) => p.source === problem.source && p.message === problem.message)) {
      this.items.push(problem);
    }
  }

  list(): StorageProblem[] {
    return [...this.items];
  }
}
