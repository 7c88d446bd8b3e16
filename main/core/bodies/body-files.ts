import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { copyFile, link, lstat, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { AppError } from '../errors';
import { SPOOL_SUFFIX } from '../http/spool';

/** What the engine names a spooled body: `<requestId>.body` (requestId: letters, digits, _ or -). */
export const FILE_ID_PATTERN = /^[A-Za-z0-9_-]{1,100}\.body$/;

/** Copies with a type the OS can open live here, next to the spooled bodies. */
const OPEN_DIR = 'open';

export interface BodyFile {
  fileId: string;
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * The spooled response bodies in `<dataDir>/responses`: only names the engine gives, only
 * regular files directly in that folder (no links, nothing outside it).
 */
export class BodyFiles {
  constructor(readonly dir: string) {}

  async resolve(fileId: string): Promise<BodyFile> {
    if (!FILE_ID_PATTERN.test(fileId)) {
      throw new AppError(
        'invalid_input',
        'That is not a response body handle of this console (expected the fileId of a response).',
      );
    }
    const path = join(this.dir, fileId);
    let info;
    try {
      info = await lstat(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw gone();
      throw err;
    }
    if (!info.isFile()) throw gone();
    return { fileId, path, size: info.size, mtimeMs: info.mtimeMs };
  }

  /**
   * Copies the body to `target` atomically (a temporary file in the target's folder, then a
   * link or rename), refusing an existing file unless `overwrite`.
   */
  async save(body: BodyFile, target: string, overwrite: boolean): Promise<{ path: string }> {
    if (!isAbsolute(target)) {
      throw new AppError(
        'invalid_input',
        'Give the full path of the file to save to (e.g. /home/me/threats.json).',
      );
    }
    const dest = resolve(target);
    const folder = dirname(dest);
    try {
      if (!(await stat(folder)).isDirectory()) throw new Error('not a folder');
    } catch {
      throw new AppError(
        'invalid_input',
        `The folder ${folder} does not exist. Choose an existing folder.`,
      );
    }
    const existing = await stat(dest).catch(() => null);
    if (existing?.isDirectory()) {
      throw new AppError('invalid_input', `${dest} is a folder; give a file name inside it.`);
    }
    if (existing && !overwrite) throw exists(dest);
    const tmp = join(folder, `.${basename(dest)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await copyFile(body.path, tmp, fsConstants.COPYFILE_FICLONE);
      const handle = await open(tmp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (overwrite) await rename(tmp, dest);
      else await linkNoReplace(tmp, dest);
    } finally {
      await rm(tmp, { force: true });
    }
    return { path: dest };
  }

  /**
   * A link to the body named with a harmless extension, so the OS picks a text editor:
   * `.json` for JSON, `.txt` for everything else. Never `.html`, `.svg` or an executable
   * type: the content comes from a server, and opening it must not run anything.
   */
  async openable(body: BodyFile, isJson: boolean): Promise<string> {
    const dir = join(this.dir, OPEN_DIR);
    await mkdir(dir, { recursive: true });
    const path = join(
      dir,
      `${body.fileId.slice(0, -SPOOL_SUFFIX.length)}.${isJson ? 'json' : 'txt'}`,
    );
    await rm(path, { force: true });
    try {
      await link(body.path, path);
    } catch {
      await copyFile(body.path, path);
    }
    return path;
  }

  /** Deletes a body and its openable link; false when it was already gone. */
  async release(fileId: string): Promise<boolean> {
    if (!FILE_ID_PATTERN.test(fileId)) {
      throw new AppError('invalid_input', 'That is not a response body handle of this console.');
    }
    const stem = fileId.slice(0, -SPOOL_SUFFIX.length);
    for (const ext of ['json', 'txt']) {
      await rm(join(this.dir, OPEN_DIR, `${stem}.${ext}`), { force: true, maxRetries: 3 });
    }
    const path = join(this.dir, fileId);
    const present = await lstat(path).then(
      (s) => s.isFile(),
      () => false,
    );
    if (present) await rm(path, { force: true, maxRetries: 3 });
    return present;
  }

  /** Removes openable links whose body is gone (pruned at start-up or released elsewhere). */
  async pruneOpenable(): Promise<void> {
    const dir = join(this.dir, OPEN_DIR);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const stem = name.replace(/\.(json|txt)$/, '');
      if (stem === name) continue;
      const body = await lstat(join(this.dir, `${stem}${SPOOL_SUFFIX}`)).catch(() => null);
      if (!body) await rm(join(dir, name), { force: true });
    }
  }
}

/** link() fails if the target exists, so "do not overwrite" holds even against a race. */
async function linkNoReplace(tmp: string, dest: string): Promise<void> {
  try {
    await link(tmp, dest);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw exists(dest);
    // File systems without hard links (FAT, some network shares): check, then rename.
    if (await stat(dest).catch(() => null)) throw exists(dest);
    await rename(tmp, dest);
  }
}

function exists(path: string): AppError {
  return new AppError(
    'file_exists',
    `${path} already exists. Choose another name, or save again with "overwrite".`,
    { path },
  );
}

export function gone(): AppError {
  return new AppError(
    'not_found',
    'This response body is no longer stored (it was closed, or removed after a day). Send the request again.',
  );
}
