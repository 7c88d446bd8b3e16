import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file';
import { readVersionedFile, type StorageProblems, type VersionedFormat } from './versioned-file';

const AppStateSchema = z.object({
  version: z.literal(1),
  /** Set once the operator has been through the welcome screen. */
  welcomed: z.boolean(),
  /** The screen the operator was on (a `#/…` route), reopened at the next start. */
  lastRoute: z.string().max(500).optional(),
});
export type AppState = z.infer<typeof AppStateSchema>;

const INITIAL: AppState = { version: 1, welcomed: false };

const APP_STATE_FORMAT: VersionedFormat<AppState> = {
  label: 'The console settings file',
  current: 1,
  migrations: {},
  parse: (raw) => AppStateSchema.parse(raw),
};

/** Small, versioned app state in `<dataDir>/app-state.json`, written atomically. */
export class AppStateStore {
  private state: AppState = INITIAL;
  private loaded = false;
  private frozen = false;
  readonly path: string;

  constructor(
    dataDir: string,
    private readonly problems?: StorageProblems,
  ) {
    this.path = join(dataDir, 'app-state.json');
  }

  async get(): Promise<AppState> {
    if (!this.loaded) {
      const read = await readVersionedFile(this.path, APP_STATE_FORMAT);
      if (read.status === 'ok') this.state = read.value;
      if (read.status === 'corrupt' || read.status === 'newer') {
        this.problems?.report({ source: 'settings', message: read.message, path: this.path });
      }
      // Settings from a newer console are kept on disk; this run works from defaults in memory.
      this.frozen = read.status === 'newer';
      this.loaded = true;
    }
    return this.state;
  }

  async update(patch: Partial<Omit<AppState, 'version'>>): Promise<AppState> {
    const next = { ...(await this.get()), ...patch };
    if (this.frozen) {
      this.state = next;
      return next;
    }
    await writeFileAtomic(this.path, JSON.stringify(next, null, 2) + '\n');
    this.state = next;
    return next;
  }
}
