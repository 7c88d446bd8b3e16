import { randomBytes } from 'node:crypto';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors';
import { SPOOL_SUFFIX } from '../http/spool';

/**
 * Where merged results and exports live. Merged results are JSON Lines in
 * `<data dir>/responses/` with the engine's spool suffix, so the start-up prune that
 * clears old response bodies clears them too; exports go to `<data dir>/exports/`
 * (the operator's files: never pruned). The renderer only ever sees opaque ids.
 */
export class PagingFiles {
  readonly spoolDir: string;
  readonly exportDir: string;
  private readonly exports = new Map<string, string>();

  constructor(dataDir: string) {
    this.spoolDir = join(dataDir, 'responses');
    this.exportDir = join(dataDir, 'exports');
  }

  newMergedId(): string {
    return `fetchall-${randomBytes(8).toString('hex')}`;
  }

  mergedPath(fileId: string): string {
    if (!/^fetchall-[a-f0-9]{8,64}$/.test(fileId)) throw unknownFile();
    return join(this.spoolDir, `${fileId}${SPOOL_SUFFIX}`);
  }

  /** A new export's id and file name: `threats-20261101-120000-<hex>.csv`. */
  newExport(resource: string, ext: string, now: Date): { fileId: string; path: string } {
    const hex = randomBytes(6).toString('hex');
    const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const fileId = `export-${hex}`;
    const path = join(this.exportDir, `${resource}-${stamp}-${hex}.${ext}`);
    this.exports.set(fileId, path);
    return { fileId, path };
  }

  /** The file behind an id; an export made before a restart is found by its name. */
  async pathOf(fileId: string): Promise<string> {
    if (fileId.startsWith('fetchall-')) return this.mergedPath(fileId);
    const known = this.exports.get(fileId);
    if (known) return known;
    const hex = /^export-([a-f0-9]{8,64})$/.exec(fileId)?.[1];
    if (!hex) throw unknownFile();
    const names = await readdir(this.exportDir).catch(() => [] as string[]);
    const name = names.find((n) => n.includes(`-${hex}.`));
    if (!name) throw unknownFile();
    return join(this.exportDir, name);
  }

  /** Like pathOf, and the file must be there. */
  async existingPathOf(fileId: string): Promise<string> {
    const path = await this.pathOf(fileId);
    await stat(path).catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'ENOENT' ? unknownFile() : err;
    });
    return path;
  }

  /**
   * `length` bytes (or fewer) from `offset`, cut at a character boundary so chunks join
   * into the exact text; `nextOffset` is where the next chunk starts.
   */
  async read(
    fileId: string,
    offset: number,
    length: number,
  ): Promise<{
    text: string;
    offset: number;
    nextOffset: number;
    totalBytes: number;
    eof: boolean;
  }> {
    const path = await this.pathOf(fileId);
    const totalBytes = await stat(path).then(
      (s) => s.size,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') throw unknownFile();
        throw err;
      },
    );
    const start = Math.min(offset, totalBytes);
    const handle = await open(path, 'r');
    try {
      // Three more bytes than asked: enough to finish a character cut at the end.
      const buf = Buffer.alloc(Math.min(length + 3, totalBytes - start));
      const { bytesRead } = await handle.read(buf, 0, buf.length, start);
      let end = Math.min(length, bytesRead);
      if (start + bytesRead < totalBytes || end < bytesRead) {
        while (end > 0 && end < bytesRead && (buf[end]! & 0xc0) === 0x80) end--;
        if (end === 0 && bytesRead > 0) {
          // Asked for less than one character: hand out that whole character.
          end = 1;
          while (end < bytesRead && (buf[end]! & 0xc0) === 0x80) end++;
        }
      }
      const nextOffset = start + end;
      return {
        text: buf.toString('utf8', 0, end),
        offset: start,
        nextOffset,
        totalBytes,
        eof: nextOffset >= totalBytes,
      };
    } finally {
      await handle.close();
    }
  }
}

function unknownFile(): AppError {
  return new AppError(
    'not_available',
    'That result is no longer there (results older than a day are cleaned up at start). Fetch the pages again.',
  );
}
