import { join } from 'node:path';
import { z } from 'zod';
import { VARIABLE_NAME_PATTERN } from '../../../preload/schemas/variables';
import { AppError } from '../errors';
import { writeFileAtomic } from '../storage/atomic-file';
import {
  readVersionedFile,
  type StorageProblems,
  type VersionedFormat,
} from '../storage/versioned-file';

const Name = z.string().regex(VARIABLE_NAME_PATTERN);
const Id = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

/** One scope: non-secret values, and the names of secrets whose values are in the keychain. */
const ScopeSchema = z.object({
  values: z.record(Name, z.string().max(65_536)).default({}),
  keychainSecrets: z.array(Name).default([]),
});
export type ScopeEntry = z.infer<typeof ScopeSchema>;

const FileSchema = z.object({
  version: z.literal(1),
  global: ScopeSchema,
  connections: z.record(Id, ScopeSchema),
  /** Only secret names: a collection's other variables live in its own files. */
  collections: z.record(Id, ScopeSchema),
});
export type VariablesDocument = z.infer<typeof FileSchema>;

export const VARIABLES_FORMAT: VersionedFormat<VariablesDocument> = {
  label: 'Your variables file',
  current: 1,
  migrations: {},
  parse: (raw) => FileSchema.parse(raw),
};

export type ScopeKey = { kind: 'global' } | { kind: 'connection' | 'collection'; id: string };

const empty = (): VariablesDocument => ({
  version: 1,
  global: { values: {}, keychainSecrets: [] },
  connections: {},
  collections: {},
});

/**
 * `<dataDir>/variables.json`: versioned, written atomically, never a secret value.
 * Like the connections file, a corrupt one is set aside and reported, and one from a
 * newer console is left untouched and read-only.
 */
export class VariablesFile {
  readonly path: string;
  private doc: VariablesDocument = empty();
  private loaded?: Promise<void>;
  private frozen?: string;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly problems?: StorageProblems,
  ) {
    this.path = join(dataDir, 'variables.json');
  }

  private load(): Promise<void> {
    this.loaded ??= readVersionedFile(this.path, VARIABLES_FORMAT).then((read) => {
      if (read.status === 'ok') this.doc = read.value;
      if (read.status === 'corrupt' || read.status === 'newer') {
        // StorageProblem sources are a closed list owned by the settings code; variables are settings.
        this.problems?.report({ source: 'settings', message: read.message, path: this.path });
      }
      if (read.status === 'newer') this.frozen = read.message;
    });
    return this.loaded;
  }

  async scope(key: ScopeKey): Promise<ScopeEntry> {
    await this.load();
    const entry = this.entryOf(this.doc, key);
    return entry ?? { values: {}, keychainSecrets: [] };
  }

  private entryOf(doc: VariablesDocument, key: ScopeKey): ScopeEntry | undefined {
    if (key.kind === 'global') return doc.global;
    return (key.kind === 'connection' ? doc.connections : doc.collections)[key.id];
  }

  /** Applies `change` to one scope and writes the file; changes run one at a time. */
  async update(key: ScopeKey, change: (entry: ScopeEntry) => void): Promise<void> {
    const run = this.writing.then(async () => {
      await this.load();
      if (this.frozen) throw new AppError('newer_data', this.frozen);
      const next: VariablesDocument = structuredClone(this.doc);
      let entry = this.entryOf(next, key);
      if (!entry) {
        entry = { values: {}, keychainSecrets: [] };
        if (key.kind !== 'global')
          (key.kind === 'connection' ? next.connections : next.collections)[key.id] = entry;
      }
      change(entry);
      entry.keychainSecrets = [...new Set(entry.keychainSecrets)].sort();
      // Stable order, so the file reads well in a diff.
      entry.values = Object.fromEntries(
        Object.entries(entry.values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
      if (
        key.kind !== 'global' &&
        Object.keys(entry.values).length === 0 &&
        entry.keychainSecrets.length === 0
      ) {
        delete (key.kind === 'connection' ? next.connections : next.collections)[key.id];
      }
      await writeFileAtomic(this.path, JSON.stringify(next, null, 2) + '\n');
      this.doc = next;
    });
    this.writing = run.catch(() => undefined);
    return run;
  }
}
