import { join } from 'node:path';
import { z } from 'zod';
import { DraftsSchema, type Drafts } from '../../../preload/schemas/drafts';
import { writeFileAtomic } from './atomic-file';
import { readVersionedFile, type StorageProblems, type VersionedFormat } from './versioned-file';

const FileSchema = DraftsSchema.extend({ version: z.literal(1) });

const DRAFTS_FORMAT: VersionedFormat<Drafts> = {
  label: 'Your open explorer tabs',
  current: 1,
  migrations: {},
  parse: (raw) => {
    const { version: _version, ...drafts } = FileSchema.parse(raw);
    return drafts;
  },
};

const EMPTY: Drafts = { tabs: [], activeId: null };

/**
 * The explorer's tabs in `<dataDir>/drafts.json`, written atomically on every
 * change the renderer reports (it debounces), so a crash loses at most the
 * last half second of typing. Text passes the redactor first: a secret main
 * knows never lands in the file even if the operator pasted it into a header.
 */
export class DraftsStore {
  private readonly path: string;
  private cached?: Promise<Drafts>;
  private frozen = false;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly redact: (text: string) => string,
    private readonly problems?: StorageProblems,
  ) {
    this.path = join(dataDir, 'drafts.json');
  }

  get(): Promise<Drafts> {
    this.cached ??= readVersionedFile(this.path, DRAFTS_FORMAT).then((read) => {
      if (read.status === 'ok') return read.value;
      if (read.status === 'corrupt' || read.status === 'newer') {
        this.problems?.report({ source: 'settings', message: read.message, path: this.path });
      }
      this.frozen = read.status === 'newer';
      return EMPTY;
    });
    return this.cached;
  }

  /** Writes are serialized, so a burst of saves lands in order and the last one wins. */
  async set(drafts: Drafts): Promise<Drafts> {
    await this.get();
    const text = this.redact(JSON.stringify({ version: 1, ...drafts }, null, 2));
    const clean = DRAFTS_FORMAT.parse(JSON.parse(text));
    this.cached = Promise.resolve(clean);
    if (this.frozen) return clean; // a newer console's file is left as it is
    this.writing = this.writing.then(() => writeFileAtomic(this.path, text + '\n'));
    await this.writing;
    return clean;
  }
}
