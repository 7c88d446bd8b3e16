import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes a file so that a crash leaves either the old or the new content, never
 * a torn one: temp file in the same folder, fsync, rename over the target.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export interface VersionedFile<T> {
  version: number;
  data: T;
}

export type ReadJsonResult<T> =
  | { status: 'missing' }
  | { status: 'ok'; value: T }
  | { status: 'corrupt'; error: string; setAsidePath: string };

/**
 * Reads a JSON file; a corrupt one is renamed aside (never silently replaced)
 * and reported, so the operator can recover it.
 */
export async function readJsonFile<T>(
  path: string,
  validate: (raw: unknown) => T,
): Promise<ReadJsonResult<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    throw err;
  }
  try {
    return { status: 'ok', value: validate(JSON.parse(text)) };
  } catch (err) {
    const setAsidePath = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(path, setAsidePath);
    return {
      status: 'corrupt',
      error: err instanceof Error ? err.message : String(err),
      setAsidePath,
    };
  }
}
