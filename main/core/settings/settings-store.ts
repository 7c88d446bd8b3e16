import { join } from 'node:path';
import { z } from 'zod';
import {
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../../preload/schemas/settings';
import { AppError } from '../errors';
import { writeFileAtomic } from '../storage/atomic-file';
import {
  readVersionedFile,
  type StorageProblems,
  type VersionedFormat,
} from '../storage/versioned-file';

export const SETTINGS_FILE = 'settings.json';

/**
 * On disk: `{ "version": 1, "history": {…}, "explorer": {…} }`. A missing group or field
 * takes its default, so a group added later needs no migration; a value out of range makes
 * the file corrupt (set aside, defaults used) rather than half-applied.
 */
const SettingsFileSchema = SettingsSchema.extend({ version: z.literal(1) });

const SETTINGS_FORMAT: VersionedFormat<Settings> = {
  label: 'The console settings file (settings.json)',
  current: 1,
  migrations: {},
  parse: (raw) => {
    const { version: _version, ...settings } = SettingsFileSchema.parse(raw);
    return settings;
  },
};

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/**
 * The operator's settings, read once and kept in memory, written atomically on change.
 * A corrupt file is set aside and reported; a file from a newer console is left untouched
 * and changes are refused (`newer_data`) so it is never written over.
 */
export class SettingsStore {
  readonly path: string;
  private loaded?: Promise<void>;
  private current: Settings = DEFAULT_SETTINGS;
  private frozen = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly problems?: StorageProblems,
  ) {
    this.path = join(dataDir, SETTINGS_FILE);
  }

  async get(): Promise<Settings> {
    await this.load();
    return this.current;
  }

  update(patch: SettingsPatch): Promise<Settings> {
    const run = this.queue.then(async () => {
      await this.load();
      if (this.frozen) {
        throw new AppError(
          'newer_data',
          'settings.json was written by a newer version of the console; update the console to change settings.',
        );
      }
      const next = SettingsSchema.parse({
        history: { ...this.current.history, ...patch.history },
        explorer: { ...this.current.explorer, ...patch.explorer },
      });
      await writeFileAtomic(this.path, `${JSON.stringify({ version: 1, ...next }, null, 2)}\n`);
      this.current = next;
      return next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      const read = await readVersionedFile(this.path, SETTINGS_FORMAT);
      if (read.status === 'ok') this.current = read.value;
      if (read.status === 'corrupt' || read.status === 'newer') {
        this.problems?.report({ source: 'settings', message: read.message, path: this.path });
      }
      this.frozen = read.status === 'newer';
    })().catch((err: unknown) => {
      this.loaded = undefined; // unreadable right now (permissions): try again next time
      throw err;
    });
    return this.loaded;
  }
}
