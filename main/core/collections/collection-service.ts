import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import type {
  CollectionSummary,
  SavedRequest,
  SavedRequestInput,
} from '../../../preload/schemas/collections';
import { AppError, isAppError } from '../errors';
import { writeFileAtomic } from '../storage/atomic-file';
import { CollectionFiles, type SavedFile } from './collection-files';
import {
  COLLECTION_FILE,
  readCollectionMeta,
  serializeCollectionMeta,
  type CollectionMeta,
} from './collection-meta';
import { readTree } from './collection-tree';
import { watchCollection, type CollectionWatcher, type WatchOptions } from './collection-watcher';
import { OpenCollectionsStore } from './open-collections-store';
import { isLiteralSecret, isSecretVariableName, secretRefused } from './secret-check';

export type { SavedFile } from './collection-files';

export interface CollectionChange {
  collectionId: string;
  /** Relative paths that changed; absent when the watcher could not tell (many, or unknown). */
  paths?: string[];
}

export interface CollectionServiceOptions {
  dataDir: string;
  /** Told (debounced) when files of an open collection change outside the console. */
  onChanged: (change: CollectionChange) => void;
  /** True when text contains a secret main knows (the redactor); such text is never written. */
  containsSecret?: (text: string) => boolean;
  watch?: Pick<WatchOptions, 'mode' | 'debounceMs' | 'pollMs'>;
  now?: () => number;
}

interface OpenCollection {
  id: string;
  root: string;
  watcher?: CollectionWatcher;
  problem?: string;
}

/** A collection read whole, for exports: folders and requests in display order. */
export type CollectionContent =
  | { kind: 'folder'; name: string; description?: string; children: CollectionContent[] }
  | { kind: 'request'; path: string; request: SavedRequest };

export function collectionIdFor(root: string): string {
  return `col-${createHash('sha256').update(root).digest('hex').slice(0, 16)}`;
}

function errorMessage(err: unknown): string {
  if (isAppError(err)) return err.message;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Collections are folders the operator picked, one YAML file per saved
 * request (`request-file.ts`), folders as directories. This service keeps the
 * list of open ones (`collections.json`, paths only), resolves every path
 * inside its collection's root (`collection-paths.ts`), writes atomically,
 * refuses anything that looks like a secret, and watches each folder so a
 * `git pull` shows up as a `collections:changed` event. Changes to one
 * collection run one at a time.
 */
export class CollectionService {
  private readonly store: OpenCollectionsStore;
  private readonly open = new Map<string, OpenCollection>();
  private loading: Promise<void> | undefined;
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly selfWrites: { id: string; rel: string; tree: boolean; until: number }[] = [];
  private readonly now: () => number;
  private disposed = false;

  constructor(private readonly options: CollectionServiceOptions) {
    this.store = new OpenCollectionsStore(options.dataDir);
    this.now = options.now ?? Date.now;
  }

  // ── Open collections ───────────────────────────────────────────────────────

  private load(): Promise<void> {
    this.loading ??= (async () => {
      for (const path of await this.store.read()) {
        const root = await realpath(path).catch(() => undefined);
        const id = collectionIdFor(root ?? path);
        if (this.open.has(id)) continue;
        const entry: OpenCollection = { id, root: root ?? path };
        if (
          !root ||
          !(await stat(root).then(
            (s) => s.isDirectory(),
            () => false,
          ))
        ) {
          entry.problem = `The folder ${path} cannot be found. Restore it (or its drive), or close the collection.`;
        } else {
          this.startWatching(entry);
        }
        this.open.set(id, entry);
      }
    })();
    return this.loading;
  }

  private async persist(): Promise<void> {
    await this.store.write([...this.open.values()].map((c) => c.root));
  }

  private startWatching(entry: OpenCollection): void {
    if (this.disposed) return;
    entry.watcher = watchCollection(entry.root, {
      ...this.options.watch,
      ignore: (rel) => this.isSelfWrite(entry.id, rel),
      onChange: (paths) =>
        this.options.onChanged({ collectionId: entry.id, ...(paths ? { paths } : {}) }),
    });
  }

  private selfWriteWindowMs(): number {
    return Math.max(3000, 2 * (this.options.watch?.pollMs ?? 2000) + 1000);
  }

  /** Remembers a path the console is about to write, so its own watcher does not report it. */
  private markSelf(id: string, rel: string, tree = false): void {
    this.selfWrites.push({ id, rel, tree, until: this.now() + this.selfWriteWindowMs() });
  }

  private isSelfWrite(id: string, rel: string): boolean {
    const now = this.now();
    for (let i = this.selfWrites.length - 1; i >= 0; i--) {
      if (this.selfWrites[i]!.until < now) this.selfWrites.splice(i, 1);
    }
    return this.selfWrites.some(
      (w) =>
        w.id === id &&
        (w.rel === rel ||
          // A folder whose listing changed because of our write (polling sees its mtime move).
          rel === '' ||
          w.rel.startsWith(`${rel}/`) ||
          (w.tree && rel.startsWith(`${w.rel}/`))),
    );
  }

  private async require(id: string): Promise<OpenCollection> {
    await this.load();
    const c = this.open.get(id);
    if (!c) {
      throw new AppError(
        'collection_not_found',
        'That collection is not open (it may have been closed in another window). Open its folder again.',
      );
    }
    if (c.problem) throw new AppError('collection_not_found', c.problem);
    return c;
  }

  private async lock<T>(id: string, work: () => Promise<T>): Promise<T> {
    const before = this.locks.get(id) ?? Promise.resolve();
    const run = before.then(work, work);
    const settled = run.catch(() => undefined);
    this.locks.set(id, settled);
    try {
      return await run;
    } finally {
      if (this.locks.get(id) === settled) this.locks.delete(id);
    }
  }

  private async summarize(c: OpenCollection): Promise<CollectionSummary> {
    const base: CollectionSummary = {
      id: c.id,
      name: basename(c.root),
      root: c.root,
      variables: {},
      secretVariables: [],
      tree: [],
      watching: c.watcher?.mode ?? 'off',
    };
    if (c.problem) return { ...base, problem: c.problem };
    let meta: CollectionMeta | undefined;
    let problem: string | undefined;
    try {
      meta = await readCollectionMeta(c.root);
      if (!meta)
        problem = `${COLLECTION_FILE} is missing; saving the collection's settings writes it again.`;
    } catch (err) {
      problem = errorMessage(err);
    }
    return {
      ...base,
      name: meta?.name ?? base.name,
      ...(meta?.description ? { description: meta.description } : {}),
      variables: meta?.variables ?? {},
      secretVariables: meta?.secretVariables ?? [],
      tree: await readTree(c.root, meta?.order),
      ...(problem ? { problem } : {}),
    };
  }

  async list(
    collectionId?: string,
  ): Promise<{ collections: CollectionSummary[]; problem?: string }> {
    await this.load();
    const chosen = [...this.open.values()].filter((c) => !collectionId || c.id === collectionId);
    const collections = await Promise.all(chosen.map((c) => this.summarize(c)));
    return { collections, ...(this.store.problem ? { problem: this.store.problem } : {}) };
  }

  async summary(id: string): Promise<CollectionSummary> {
    return this.summarize(await this.require(id));
  }

  async openFolder(path: string, create = false, name?: string): Promise<CollectionSummary> {
    await this.load();
    if (!isAbsolute(path)) {
      throw new AppError(
        'collection_path_invalid',
        `Type the folder's full path (for example /home/you/collections/triage); "${path.slice(0, 200)}" is relative.`,
      );
    }
    let st = await stat(path).catch(() => undefined);
    if (!st && create) {
      await mkdir(path).catch((err: NodeJS.ErrnoException) => {
        throw new AppError(
          'collection_not_found',
          `The folder ${path} could not be created (${err.code ?? err.message}). Check that its parent folder exists.`,
        );
      });
      st = await stat(path);
    }
    if (!st) {
      throw new AppError('collection_not_found', `There is no folder at ${path}. Check the path.`);
    }
    if (!st.isDirectory()) {
      throw new AppError('collection_path_invalid', `${path} is a file, not a folder.`);
    }
    const root = await realpath(path);
    const id = collectionIdFor(root);
    const already = this.open.get(id);
    if (already && !already.problem) return this.summarize(already);

    return this.lock(id, async () => {
      const hasMeta = await lstat(join(root, COLLECTION_FILE)).then(
        () => true,
        () => false,
      );
      if (!hasMeta) {
        const visible = (await readdir(root)).filter((n) => !n.startsWith('.'));
        if (!create) {
          throw new AppError(
            'collection_not_found',
            `${root} is not a collection (it has no ${COLLECTION_FILE}). Open the folder that holds ${COLLECTION_FILE}, or choose an empty folder with "Create" ticked.`,
          );
        }
        if (visible.length > 0) {
          throw new AppError(
            'collection_not_empty',
            `${root} already holds files and is not a collection. Choose an empty folder for a new collection (or a folder that has ${COLLECTION_FILE}).`,
          );
        }
        const meta: CollectionMeta = {
          name: name?.trim() || basename(root),
          variables: {},
          secretVariables: [],
        };
        this.markSelf(id, COLLECTION_FILE);
        await writeFileAtomic(join(root, COLLECTION_FILE), serializeCollectionMeta(meta));
      }
      const entry: OpenCollection = { id, root };
      this.open.get(id)?.watcher?.close();
      this.open.set(id, entry);
      this.startWatching(entry);
      await this.persist();
      return this.summarize(entry);
    });
  }

  async close(id: string): Promise<boolean> {
    await this.load();
    const c = this.open.get(id);
    if (!c) return false;
    c.watcher?.close();
    this.open.delete(id);
    await this.persist();
    return true;
  }

  async saveSettings(
    id: string,
    patch: {
      name?: string;
      description?: string;
      variables?: Record<string, string>;
      secretVariables?: string[];
    },
  ): Promise<CollectionSummary> {
    const c = await this.require(id);
    await this.lock(id, async () => {
      const before = (await readCollectionMeta(c.root).catch(() => undefined)) ?? {
        name: basename(c.root),
        variables: {},
        secretVariables: [],
      };
      const next: CollectionMeta = {
        ...before,
        ...(patch.name !== undefined ? { name: patch.name.trim() || before.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.variables ? { variables: patch.variables } : {}),
        ...(patch.secretVariables ? { secretVariables: patch.secretVariables } : {}),
      };
      const findings = Object.entries(next.variables)
        .filter(([n, v]) => isSecretVariableName(n) && v !== '' && isLiteralSecret(v))
        .map(([n]) => ({ where: 'variable' as const, name: n }));
      if (findings.length) {
        throw secretRefused(findings, 'The collection settings');
      }
      const both = next.secretVariables.filter((n) => n in next.variables);
      if (both.length) {
        throw new AppError(
          'invalid_input',
          `"${both[0]}" is listed both as a variable and as a secret variable; keep it in one place.`,
        );
      }
      await this.writeChecked(
        id,
        join(c.root, COLLECTION_FILE),
        COLLECTION_FILE,
        serializeCollectionMeta(next),
      );
    });
    return this.summarize(c);
  }

  /** Writes `text` unless it holds a secret main knows; records the write as the console's own. */
  private async writeChecked(id: string, abs: string, rel: string, text: string): Promise<void> {
    if (this.options.containsSecret?.(text)) {
      throw secretRefused([{ where: 'file', name: 'a value the console knows to be a secret' }]);
    }
    this.markSelf(id, rel);
    await writeFileAtomic(abs, text);
  }

  // ── Requests and folders (collection-files.ts) ─────────────────────────────

  private async files(id: string): Promise<CollectionFiles> {
    const c = await this.require(id);
    return new CollectionFiles({
      root: c.root,
      write: (abs, rel, text) => this.writeChecked(id, abs, rel, text),
      markSelf: (rel, tree) => this.markSelf(id, rel, tree),
      lock: (work) => this.lock(id, work),
    });
  }

  async read(
    id: string,
    path: string,
  ): Promise<{ path: string; request: SavedRequest; revision: string; warnings: string[] }> {
    return (await this.files(id)).read(path);
  }

  async save(
    id: string,
    input: {
      path?: string;
      folder?: string;
      request: SavedRequestInput;
      expectedRevision?: string;
    },
  ): Promise<SavedFile & { created: boolean; changed: boolean }> {
    return (await this.files(id)).save(input);
  }

  async rename(id: string, path: string, name: string): Promise<{ path: string }> {
    return (await this.files(id)).rename(path, name);
  }

  async move(id: string, path: string, toFolder: string): Promise<{ path: string }> {
    return (await this.files(id)).move(path, toFolder);
  }

  async remove(id: string, path: string, recursive = false): Promise<{ deleted: boolean }> {
    return (await this.files(id)).remove(path, recursive);
  }

  async createFolder(
    id: string,
    parent: string,
    name: string,
    options: { unique?: boolean; description?: string } = {},
  ): Promise<{ path: string }> {
    return (await this.files(id)).createFolder(parent, name, options);
  }

  /** Sets a folder's `order` (file and folder names), e.g. after an import kept the source's order. */
  async setFolderOrder(id: string, folderRel: string, order: string[]): Promise<void> {
    return (await this.files(id)).setFolderOrder(folderRel, order);
  }

  /** Every folder and request of a collection, read and parsed (for the Postman export). */
  async content(
    id: string,
  ): Promise<{ meta: CollectionSummary; items: CollectionContent[]; skipped: string[] }> {
    const summary = await this.summary(id);
    const skipped: string[] = [];
    const walk = async (nodes: CollectionSummary['tree']): Promise<CollectionContent[]> => {
      const out: CollectionContent[] = [];
      for (const n of nodes) {
        if (n.kind === 'folder') {
          out.push({
            kind: 'folder',
            name: n.name,
            ...(n.description ? { description: n.description } : {}),
            children: await walk(n.children),
          });
        } else if (n.kind === 'request') {
          const read = await this.read(id, n.path).catch(() => undefined);
          if (read) out.push({ kind: 'request', path: n.path, request: read.request });
          else skipped.push(n.path);
        } else {
          skipped.push(n.path);
        }
      }
      return out;
    };
    return { meta: summary, items: await walk(summary.tree), skipped };
  }

  dispose(): void {
    this.disposed = true;
    for (const c of this.open.values()) c.watcher?.close();
  }
}
