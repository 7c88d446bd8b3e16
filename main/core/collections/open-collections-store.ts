import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/atomic-file';
import { readVersionedFile, type VersionedFormat } from '../storage/versioned-file';

/** `<dataDir>/collections.json`: which collection folders are open (paths only, nothing else). */
const OpenCollectionsSchema = z.object({
  version: z.literal(1),
  collections: z.array(z.object({ path: z.string().min(1).max(4096) })).max(500),
});
type OpenCollections = z.infer<typeof OpenCollectionsSchema>;

const FORMAT: VersionedFormat<OpenCollections> = {
  label: 'The list of open collections',
  current: 1,
  migrations: {},
  parse: (raw) => OpenCollectionsSchema.parse(raw),
};

export class OpenCollectionsStore {
  readonly path: string;
  /** Why the list could not be read or may not be written (newer console, corrupt file set aside). */
  problem: string | undefined;
  private frozen = false;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'collections.json');
  }

  async read(): Promise<string[]> {
    const read = await readVersionedFile(this.path, FORMAT);
    if (read.status === 'ok') return read.value.collections.map((c) => c.path);
    if (read.status === 'corrupt' || read.status === 'newer') this.problem = read.message;
    // A list from a newer console stays as it is; this run keeps its changes in memory.
    this.frozen = read.status === 'newer';
    return [];
  }

  async write(paths: readonly string[]): Promise<void> {
    if (this.frozen) return;
    const doc: OpenCollections = { version: 1, collections: paths.map((path) => ({ path })) };
    await writeFileAtomic(this.path, JSON.stringify(doc, null, 2) + '\n');
  }
}
