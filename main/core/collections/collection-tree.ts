import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CollectionNode } from '../../../preload/schemas/collections';
import { isAppError } from '../errors';
import { FOLDER_FILE, parseFolderMeta, type FolderMeta } from './collection-meta';
import { isRequestFileName, joinRel } from './collection-paths';
import { MAX_REQUEST_FILE_BYTES, parseRequestFile } from './request-file';

/** Bounds on what one listing walks, so a huge or looping folder cannot stall main. */
export const TREE_LIMITS = { maxEntries: 5000, maxDepth: 16 };

function message(err: unknown): string {
  if (isAppError(err)) return err.message;
  return err instanceof Error ? err.message : String(err);
}

async function readRequestNode(
  abs: string,
  rel: string,
  fileName: string,
): Promise<CollectionNode> {
  try {
    const { size } = await stat(abs);
    if (size > MAX_REQUEST_FILE_BYTES) {
      return { kind: 'invalid', name: fileName, path: rel, error: 'The file is too large.' };
    }
    const { request } = parseRequestFile(await readFile(abs, 'utf8'), `"${rel}"`);
    return {
      kind: 'request',
      name: request.name,
      path: rel,
      method: request.method,
      url: request.url,
    };
  } catch (err) {
    return { kind: 'invalid', name: fileName, path: rel, error: message(err) };
  }
}

/** Entries listed in `order` first (by file or folder name), then folders, then requests, by name. */
export function sortNodes(
  nodes: CollectionNode[],
  order: readonly string[] = [],
): CollectionNode[] {
  const rank = new Map(order.map((name, i) => [name.toLowerCase(), i]));
  const entryName = (n: CollectionNode) => n.path.slice(n.path.lastIndexOf('/') + 1).toLowerCase();
  return [...nodes].sort((a, b) => {
    const ra = rank.get(entryName(a)) ?? Infinity;
    const rb = rank.get(entryName(b)) ?? Infinity;
    if (ra !== rb) return ra - rb;
    const fa = a.kind === 'folder' ? 0 : 1;
    const fb = b.kind === 'folder' ? 0 : 1;
    if (fa !== fb) return fa - fb;
    const byName = a.name.localeCompare(b.name, 'en', { sensitivity: 'base', numeric: true });
    return byName || entryName(a).localeCompare(entryName(b));
  });
}

export async function readFolderMeta(dirAbs: string, rel: string): Promise<FolderMeta | undefined> {
  let text: string;
  try {
    text = await readFile(join(dirAbs, FOLDER_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return parseFolderMeta(text, rel || '(root)');
}

/**
 * The folders and request files under `root`, in display order. Hidden
 * entries (`.git`) and symbolic links are skipped; a file that does not read
 * as a request is listed as `invalid` with the reason, never dropped.
 */
export async function readTree(
  root: string,
  rootOrder?: readonly string[],
): Promise<CollectionNode[]> {
  let budget = TREE_LIMITS.maxEntries;

  async function walk(dirAbs: string, rel: string, depth: number, order?: readonly string[]) {
    let entries: Dirent[];
    try {
      entries = await readdir(dirAbs, { withFileTypes: true });
    } catch {
      return [];
    }
    const nodes: CollectionNode[] = [];
    const work: Promise<void>[] = [];
    for (const e of entries) {
      if (e.name.startsWith('.') || e.isSymbolicLink() || budget <= 0) continue;
      const childRel = joinRel(rel, e.name);
      const childAbs = join(dirAbs, e.name);
      if (e.isDirectory() && depth < TREE_LIMITS.maxDepth) {
        budget--;
        work.push(
          (async () => {
            let meta: FolderMeta | undefined;
            let metaError: CollectionNode | undefined;
            try {
              meta = await readFolderMeta(childAbs, childRel);
            } catch (err) {
              const path = joinRel(childRel, FOLDER_FILE);
              metaError = { kind: 'invalid', name: FOLDER_FILE, path, error: message(err) };
            }
            const children = await walk(childAbs, childRel, depth + 1, meta?.order);
            nodes.push({
              kind: 'folder',
              name: meta?.name ?? e.name,
              path: childRel,
              ...(meta?.description ? { description: meta.description } : {}),
              children: metaError ? [metaError, ...children] : children,
            });
          })(),
        );
      } else if (e.isFile() && isRequestFileName(e.name)) {
        budget--;
        work.push(
          readRequestNode(childAbs, childRel, e.name).then((n) => {
            nodes.push(n);
          }),
        );
      }
    }
    await Promise.all(work);
    return sortNodes(nodes, order);
  }

  return walk(root, '', 0, rootOrder);
}
