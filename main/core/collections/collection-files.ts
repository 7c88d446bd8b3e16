import { mkdir, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { SavedRequest, SavedRequestInput } from '../../../preload/schemas/collections';
import { SavedRequestSchema } from '../../../preload/schemas/collections';
import { AppError, isAppError } from '../errors';
import {
  COLLECTION_FILE,
  FOLDER_FILE,
  readCollectionMeta,
  serializeCollectionMeta,
  serializeFolderMeta,
  type FolderMeta,
} from './collection-meta';
import {
  baseName,
  folderDirName,
  isRequestFileName,
  joinRel,
  parentRel,
  resolveInside,
  uniqueFolderName,
  uniqueRequestFileName,
  type ResolvedPath,
} from './collection-paths';
import { readFolderMeta } from './collection-tree';
import {
  MAX_REQUEST_FILE_BYTES,
  checkVersion,
  parseRequestFile,
  parseYaml,
  revisionOf,
  serializeRequest,
} from './request-file';
import { assertNoLiteralSecrets } from './secret-check';

/** What the file operations of one collection need from the service that owns it. */
export interface CollectionFilesContext {
  root: string;
  /** Writes a file atomically, refusing text that holds a secret main knows. */
  write(abs: string, rel: string, text: string): Promise<void>;
  /** Records a path the console is about to change, so its watcher does not report it. */
  markSelf(rel: string, tree?: boolean): void;
  /** Runs one change at a time per collection. */
  lock<T>(work: () => Promise<T>): Promise<T>;
}

export interface SavedFile {
  path: string;
  /** Identifies the file's content; pass it back as `expectedRevision` to detect changes on disk. */
  revision: string;
}

/**
 * The request files and folders of one collection: read, save, rename, move,
 * delete, create folders, keep each folder's `order` in step. Every path goes
 * through `resolveInside`, so nothing reaches outside the collection's root.
 */
export class CollectionFiles {
  constructor(private readonly ctx: CollectionFilesContext) {}

  private lock<T>(work: () => Promise<T>): Promise<T> {
    return this.ctx.lock(work);
  }

  async read(
    path: string,
  ): Promise<{ path: string; request: SavedRequest; revision: string; warnings: string[] }> {
    const target = await resolveInside(this.ctx.root, path);
    if (target.type !== 'file' || !isRequestFileName(baseName(target.rel))) {
      throw new AppError(
        'collection_not_found',
        `"${path.slice(0, 200)}" is not a request file of this collection (it may have been moved or deleted). Reload the collection.`,
      );
    }
    const text = await this.readText(target);
    const { request, warnings } = parseRequestFile(text, `"${target.rel}"`);
    return { path: target.rel, request, revision: revisionOf(text), warnings };
  }

  private async readText(target: ResolvedPath): Promise<string> {
    const { size } = await stat(target.abs);
    if (size > MAX_REQUEST_FILE_BYTES) {
      throw new AppError('too_large', `"${target.rel}" is larger than a request file can be.`);
    }
    return readFile(target.abs, 'utf8');
  }

  async save(input: {
    path?: string;
    folder?: string;
    request: SavedRequestInput;
    expectedRevision?: string;
  }): Promise<SavedFile & { created: boolean; changed: boolean }> {
    const request = SavedRequestSchema.parse(input.request);
    assertNoLiteralSecrets(request);
    const text = serializeRequest(request);
    return this.lock(async () => {
      let target: ResolvedPath;
      if (input.path !== undefined) {
        target = await resolveInside(this.ctx.root, input.path);
        if (target.type === 'directory' || !isRequestFileName(baseName(target.rel))) {
          throw new AppError(
            'collection_path_invalid',
            `"${input.path.slice(0, 200)}" cannot hold a request: request files end in .yaml (and collection.yaml / _folder.yaml are taken).`,
          );
        }
      } else {
        const dir = await this.folder(input.folder ?? '');
        const name = await uniqueRequestFileName(dir.abs, request.name);
        target = {
          abs: join(dir.abs, name),
          rel: joinRel(dir.rel, name),
          segments: [],
          type: 'missing',
        };
      }
      const revision = revisionOf(text);
      if (target.type === 'file') {
        const existing = await this.readText(target);
        this.refuseNewerFormat(existing, target.rel);
        if (input.expectedRevision && revisionOf(existing) !== input.expectedRevision) {
          throw new AppError(
            'collection_conflict',
            `"${target.rel}" changed on disk since it was opened (a git pull or another editor?). Reload it to see the change, or save your version as a new request.`,
            { path: target.rel, revision: revisionOf(existing) },
          );
        }
        if (existing === text)
          return { path: target.rel, revision, created: false, changed: false };
      }
      await this.ctx.write(target.abs, target.rel, text);
      return { path: target.rel, revision, created: target.type === 'missing', changed: true };
    });
  }

  private refuseNewerFormat(text: string, rel: string): void {
    try {
      checkVersion(parseYaml(text, `"${rel}"`), `"${rel}"`, 1);
    } catch (err) {
      // Only a newer format is protected; a broken file (a merge conflict) may be overwritten.
      if (isAppError(err) && err.code === 'newer_data') throw err;
    }
  }

  private async folder(path: string): Promise<ResolvedPath> {
    const dir = await resolveInside(this.ctx.root, path);
    if (dir.type !== 'directory') {
      throw new AppError(
        'collection_not_found',
        `There is no folder "${path.slice(0, 200)}" in this collection. Reload the collection.`,
      );
    }
    return dir;
  }

  private async existing(path: string): Promise<ResolvedPath> {
    const target = await resolveInside(this.ctx.root, path);
    if (target.segments.length === 0) {
      throw new AppError(
        'collection_path_invalid',
        "That is the collection's own folder; rename or close the collection instead.",
      );
    }
    if (
      target.type === 'missing' ||
      (target.type === 'file' && !isRequestFileName(baseName(target.rel)))
    ) {
      throw new AppError(
        'collection_not_found',
        `"${path.slice(0, 200)}" is not in this collection any more. Reload the collection.`,
      );
    }
    return target;
  }

  /** Changes a folder's (or the root's) `order`, if it has one; entries are file or folder names. */
  private async editOrder(folderRel: string, edit: (order: string[]) => string[]): Promise<void> {
    const dirAbs = folderRel ? join(this.ctx.root, ...folderRel.split('/')) : this.ctx.root;
    if (!folderRel) {
      const meta = await readCollectionMeta(this.ctx.root).catch(() => undefined);
      if (!meta?.order) return;
      const next = { ...meta, order: edit(meta.order) };
      await this.ctx.write(
        join(this.ctx.root, COLLECTION_FILE),
        COLLECTION_FILE,
        serializeCollectionMeta(next),
      );
      return;
    }
    const meta = await readFolderMeta(dirAbs, folderRel).catch(() => undefined);
    if (!meta?.order) return;
    const rel = joinRel(folderRel, FOLDER_FILE);
    await this.ctx.write(
      join(dirAbs, FOLDER_FILE),
      rel,
      serializeFolderMeta({ ...meta, order: edit(meta.order) }),
    );
  }

  private static replaceEntry(from: string, to?: string) {
    return (order: string[]) =>
      to === undefined
        ? order.filter((n) => n.toLowerCase() !== from.toLowerCase())
        : order.map((n) => (n.toLowerCase() === from.toLowerCase() ? to : n));
  }

  async rename(path: string, name: string): Promise<{ path: string }> {
    return this.lock(async () => {
      const target = await this.existing(path);
      const parent = parentRel(target.rel);
      const dirAbs = parent ? join(this.ctx.root, ...parent.split('/')) : this.ctx.root;
      const oldName = baseName(target.rel);
      if (target.type === 'file') {
        const { request } = parseRequestFile(await this.readText(target), `"${target.rel}"`);
        const renamed = SavedRequestSchema.parse({ ...request, name });
        assertNoLiteralSecrets(renamed);
        const fileName = await uniqueRequestFileName(dirAbs, renamed.name, oldName);
        const rel = joinRel(parent, fileName);
        await this.ctx.write(join(dirAbs, fileName), rel, serializeRequest(renamed));
        if (fileName !== oldName) {
          this.ctx.markSelf(target.rel);
          await unlink(target.abs);
          await this.editOrder(parent, CollectionFiles.replaceEntry(oldName, fileName));
        }
        return { path: rel };
      }
      const dirName = folderDirName(name);
      const rel = joinRel(parent, dirName);
      if (dirName !== oldName) {
        const clash = (await readdir(dirAbs)).some(
          (n) =>
            n.toLowerCase() === dirName.toLowerCase() && n.toLowerCase() !== oldName.toLowerCase(),
        );
        if (clash) {
          throw new AppError(
            'collection_conflict',
            `There is already a "${dirName}" here. Choose another name.`,
          );
        }
        this.ctx.markSelf(target.rel, true);
        this.ctx.markSelf(rel, true);
        await rename(target.abs, join(dirAbs, dirName));
        await this.editOrder(parent, CollectionFiles.replaceEntry(oldName, dirName));
      }
      const meta = await readFolderMeta(join(dirAbs, dirName), rel).catch(() => undefined);
      if (meta?.name && meta.name !== name.trim()) {
        await this.ctx.write(
          join(dirAbs, dirName, FOLDER_FILE),
          joinRel(rel, FOLDER_FILE),
          serializeFolderMeta({ ...meta, name: name.trim() }),
        );
      }
      return { path: rel };
    });
  }

  async move(path: string, toFolder: string): Promise<{ path: string }> {
    return this.lock(async () => {
      const source = await this.existing(path);
      const dest = await this.folder(toFolder);
      const fromFolder = parentRel(source.rel);
      const name = baseName(source.rel);
      if (dest.rel === fromFolder) return { path: source.rel };
      if (source.type === 'directory') {
        if (dest.rel === source.rel || dest.rel.startsWith(`${source.rel}/`)) {
          throw new AppError('collection_path_invalid', 'A folder cannot be moved into itself.');
        }
        const clash = (await readdir(dest.abs)).some((n) => n.toLowerCase() === name.toLowerCase());
        if (clash) {
          throw new AppError(
            'collection_conflict',
            `"${dest.rel || 'the top level'}" already has a "${name}". Rename one of them first.`,
          );
        }
        const rel = joinRel(dest.rel, name);
        this.ctx.markSelf(source.rel, true);
        this.ctx.markSelf(rel, true);
        await rename(source.abs, join(dest.abs, name));
        await this.editOrder(fromFolder, CollectionFiles.replaceEntry(name));
        return { path: rel };
      }
      const { request } = parseRequestFile(await this.readText(source), `"${source.rel}"`);
      const taken = (await readdir(dest.abs)).some((n) => n.toLowerCase() === name.toLowerCase());
      const fileName = taken ? await uniqueRequestFileName(dest.abs, request.name) : name;
      const rel = joinRel(dest.rel, fileName);
      this.ctx.markSelf(source.rel);
      this.ctx.markSelf(rel);
      await rename(source.abs, join(dest.abs, fileName));
      await this.editOrder(fromFolder, CollectionFiles.replaceEntry(name));
      return { path: rel };
    });
  }

  async remove(path: string, recursive = false): Promise<{ deleted: boolean }> {
    return this.lock(async () => {
      const target = await this.existing(path);
      const parent = parentRel(target.rel);
      if (target.type === 'directory') {
        const inside = (await readdir(target.abs)).filter(
          (n) => n !== FOLDER_FILE && n !== '.gitkeep' && n !== '.keep',
        );
        if (inside.length && !recursive) {
          throw new AppError(
            'collection_not_empty',
            `The folder "${target.rel}" is not empty (${inside.length} item${inside.length === 1 ? '' : 's'}). Delete what is in it first, or confirm deleting the folder with everything in it.`,
            { entries: inside.length },
          );
        }
        this.ctx.markSelf(target.rel, true);
        await rm(target.abs, { recursive: true });
      } else {
        this.ctx.markSelf(target.rel);
        await unlink(target.abs);
      }
      await this.editOrder(parent, CollectionFiles.replaceEntry(baseName(target.rel)));
      return { deleted: true };
    });
  }

  async createFolder(
    parent: string,
    name: string,
    options: { unique?: boolean; description?: string; order?: string[] } = {},
  ): Promise<{ path: string }> {
    return this.lock(async () => {
      const dir = await this.folder(parent);
      const dirName = options.unique ? await uniqueFolderName(dir.abs, name) : folderDirName(name);
      const clash = (await readdir(dir.abs)).some((n) => n.toLowerCase() === dirName.toLowerCase());
      if (clash) {
        throw new AppError(
          'collection_conflict',
          `There is already a "${dirName}" here. Choose another name.`,
        );
      }
      const rel = joinRel(dir.rel, dirName);
      this.ctx.markSelf(rel, true);
      await mkdir(join(dir.abs, dirName));
      // The directory name is a cleaned-up version of what was typed; keep the typed one for display.
      const meta: FolderMeta = {
        ...(dirName !== name.trim() ? { name: name.trim() } : {}),
        ...(options.description ? { description: options.description } : {}),
        ...(options.order?.length ? { order: options.order } : {}),
      };
      if (Object.keys(meta).length) {
        await this.ctx.write(
          join(dir.abs, dirName, FOLDER_FILE),
          joinRel(rel, FOLDER_FILE),
          serializeFolderMeta(meta),
        );
      }
      return { path: rel };
    });
  }

  /** Sets a folder's `order` (file and folder names), e.g. after an import kept the source's order. */
  async setFolderOrder(folderRel: string, order: string[]): Promise<void> {
    await this.lock(async () => {
      const dir = await this.folder(folderRel);
      if (!dir.rel) {
        const meta = await readCollectionMeta(this.ctx.root);
        if (!meta) return;
        await this.ctx.write(
          join(this.ctx.root, COLLECTION_FILE),
          COLLECTION_FILE,
          serializeCollectionMeta({ ...meta, order }),
        );
        return;
      }
      const meta = (await readFolderMeta(dir.abs, dir.rel).catch(() => undefined)) ?? {};
      await this.ctx.write(
        join(dir.abs, FOLDER_FILE),
        joinRel(dir.rel, FOLDER_FILE),
        serializeFolderMeta({ ...meta, order }),
      );
    });
  }
}
