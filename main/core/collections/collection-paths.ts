import { lstat, readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { AppError } from '../errors';
import { COLLECTION_FILE, FOLDER_FILE } from './collection-meta';

/**
 * Every path the renderer names is relative to a collection's root and is
 * resolved here, segment by segment: no absolute paths, no `..`, no hidden
 * entries (`.git`), no backslashes, and no symbolic link anywhere on the way,
 * so a path can never reach outside the folder the operator opened.
 */
export const REQUEST_EXTENSIONS = ['.yaml', '.yml'];
const RESERVED = new Set([COLLECTION_FILE, FOLDER_FILE]);

function invalidPath(path: string, why: string): AppError {
  return new AppError(
    'collection_path_invalid',
    `"${path.slice(0, 200)}" is not a path inside this collection: ${why}.`,
  );
}

/** The segments of a relative collection path; `''` is the root (no segments). */
export function pathSegments(path: string): string[] {
  if (path === '' || path === '/') return [];
  if (path.includes('\0')) throw invalidPath(path, 'it contains a NUL character');
  if (path.includes('\\')) throw invalidPath(path, 'use / between folders, not \\');
  if (isAbsolute(path) || /^[A-Za-z]:/.test(path) || path.startsWith('/')) {
    throw invalidPath(path, 'it is absolute; give it relative to the collection folder');
  }
  const segments = path.replace(/\/+$/, '').split('/');
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..') {
      throw invalidPath(path, 'empty, "." and ".." parts are not allowed');
    }
    if (s.startsWith('.')) throw invalidPath(path, 'hidden files and folders are not used');
  }
  return segments;
}

export function isRequestFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return !RESERVED.has(lower) && REQUEST_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export interface ResolvedPath {
  abs: string;
  /** Normalized relative path with `/` separators. */
  rel: string;
  segments: string[];
  /** What is there now; `missing` when nothing is. */
  type: 'file' | 'directory' | 'missing';
}

/**
 * Resolves `path` inside `root` without following any symbolic link. Only the
 * last segment may be missing (the caller decides whether that is fine).
 */
export async function resolveInside(root: string, path: string): Promise<ResolvedPath> {
  const segments = pathSegments(path);
  let abs = root;
  let type: ResolvedPath['type'] = 'directory';
  for (let i = 0; i < segments.length; i++) {
    abs = join(abs, segments[i]!);
    let st;
    try {
      st = await lstat(abs);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (i < segments.length - 1) {
        throw new AppError(
          'collection_not_found',
          `The folder "${segments.slice(0, i + 1).join('/')}" does not exist in this collection. Reload the collection.`,
        );
      }
      type = 'missing';
      break;
    }
    if (st.isSymbolicLink()) throw invalidPath(path, 'symbolic links are not followed');
    if (i < segments.length - 1 && !st.isDirectory()) {
      throw invalidPath(path, `"${segments.slice(0, i + 1).join('/')}" is not a folder`);
    }
    if (!st.isDirectory() && !st.isFile()) throw invalidPath(path, 'it is not a file or folder');
    type = st.isDirectory() ? 'directory' : 'file';
  }
  const back = relative(root, abs);
  if (back.startsWith('..') || isAbsolute(back)) throw invalidPath(path, 'it leaves the folder');
  return { abs, rel: back.split(sep).join('/'), segments, type };
}

export function joinRel(folder: string, name: string): string {
  return folder ? `${folder.replace(/\/+$/, '')}/${name}` : name;
}

export function parentRel(rel: string): string {
  const at = rel.lastIndexOf('/');
  return at < 0 ? '' : rel.slice(0, at);
}

export function baseName(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

/** `List threats (unresolved)` → `list-threats-unresolved`; never empty. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'request';
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** A folder name as typed, made safe to be a directory name everywhere (Windows included). */
export function folderDirName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are what must go
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '-')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '')
    .slice(0, 100)
    .trim();
  if (!cleaned) {
    throw new AppError('invalid_input', `"${name.slice(0, 100)}" cannot be a folder name.`);
  }
  return WINDOWS_RESERVED.test(cleaned) ? `${cleaned}-` : cleaned;
}

async function namesIn(dir: string): Promise<Set<string>> {
  try {
    return new Set((await readdir(dir)).map((n) => n.toLowerCase()));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw err;
  }
}

/**
 * A file name `<slug>.yaml` not yet used in `dir` (compared without case, for
 * macOS and Windows): `list-threats.yaml`, then `list-threats-2.yaml`, …
 * `keep` is a name the caller already owns (renaming a file onto itself).
 */
export async function uniqueRequestFileName(
  dir: string,
  requestName: string,
  keep?: string,
): Promise<string> {
  const taken = await namesIn(dir);
  for (const r of RESERVED) taken.add(r);
  if (keep) taken.delete(keep.toLowerCase());
  const slug = slugify(requestName);
  for (let n = 1; n < 10_000; n++) {
    const candidate = n === 1 ? `${slug}.yaml` : `${slug}-${n}.yaml`;
    if (!taken.has(candidate)) return candidate;
  }
  throw new AppError('collection_conflict', `Too many requests named "${slug}" in this folder.`);
}

/** A folder name not yet used in `dir`: `Threats`, then `Threats (2)`, … */
export async function uniqueFolderName(dir: string, wanted: string): Promise<string> {
  const taken = await namesIn(dir);
  const base = folderDirName(wanted);
  for (let n = 1; n < 10_000; n++) {
    const candidate = n === 1 ? base : `${base} (${n})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
  throw new AppError('collection_conflict', `Too many folders named "${base}" here.`);
}
