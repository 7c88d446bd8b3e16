import { watch, type FSWatcher } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { TREE_LIMITS } from './collection-tree';

/**
 * Notices changes made to a collection outside the console (a `git pull`, an
 * editor) and reports them, debounced, as the relative paths that changed.
 *
 * `fs.watch` with `recursive: true` works on macOS and Windows and, since
 * Node 20, on Linux too (there Node walks the tree and adds one inotify watch
 * per folder; it does not follow symbolic links). Where it is unavailable or
 * fails (ERR_FEATURE_UNAVAILABLE_ON_PLATFORM, too many inotify watches, the
 * folder removed) the watcher falls back to comparing a snapshot of the tree
 * every `pollMs`. Hidden entries (`.git`, the temp files of atomic writes) are
 * ignored, and so are paths `ignore` claims (the console's own writes).
 */
export type WatchMode = 'native' | 'polling' | 'off';

export interface WatchOptions {
  onChange: (paths: string[] | undefined) => void;
  /** True for a path the console itself just wrote. */
  ignore?: (rel: string) => boolean;
  debounceMs?: number;
  pollMs?: number;
  /** `auto`: native recursive watch, polling if that fails; `poll`: always poll; `off`: nothing. */
  mode?: 'auto' | 'poll' | 'off';
}

export interface CollectionWatcher {
  readonly mode: WatchMode;
  close(): void;
}

const MAX_REPORTED_PATHS = 200;

function isHidden(rel: string): boolean {
  return rel.split('/').some((s) => s.startsWith('.'));
}

/** Every folder and file under `root` with what identifies its version (type, mtime, size). */
async function snapshot(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(dir: string, rel: string, depth: number): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.isSymbolicLink() || out.size >= TREE_LIMITS.maxEntries) {
        continue;
      }
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const abs = join(dir, e.name);
      try {
        const st = await lstat(abs);
        out.set(childRel, `${e.isDirectory() ? 'd' : 'f'}:${st.mtimeMs}:${st.size}`);
      } catch {
        continue;
      }
      if (e.isDirectory() && depth < TREE_LIMITS.maxDepth) await walk(abs, childRel, depth + 1);
    }
  }
  await walk(root, '', 0);
  return out;
}

function diff(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [k, v] of after) if (before.get(k) !== v) changed.push(k);
  for (const k of before.keys()) if (!after.has(k)) changed.push(k);
  return changed;
}

export function watchCollection(root: string, options: WatchOptions): CollectionWatcher {
  const debounceMs = options.debounceMs ?? 250;
  const pollMs = options.pollMs ?? 2000;
  const ignore = options.ignore ?? (() => false);
  let mode: WatchMode = options.mode === 'off' ? 'off' : 'native';
  let closed = false;
  let native: FSWatcher | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  const pending = new Set<string>();
  let unknown = false;

  async function flush(): Promise<void> {
    flushTimer = undefined;
    const paths = [...pending].sort();
    const wasUnknown = unknown;
    pending.clear();
    unknown = false;
    // Linux reports symbolic links it meets while adding watches; they are never followed.
    const real: string[] = [];
    for (const p of paths) {
      const st = await lstat(join(root, ...p.split('/'))).catch(() => undefined);
      if (!st?.isSymbolicLink()) real.push(p);
    }
    if (closed || (!wasUnknown && real.length === 0)) return;
    options.onChange(wasUnknown || real.length > MAX_REPORTED_PATHS ? undefined : real);
  }

  function note(rel: string | undefined): void {
    if (closed) return;
    if (rel === undefined) unknown = true;
    else {
      if (isHidden(rel) || ignore(rel)) return;
      pending.add(rel);
    }
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = setTimeout(() => void flush(), debounceMs);
    flushTimer.unref?.();
  }

  function startPolling(): void {
    mode = 'polling';
    let last: Map<string, string> | undefined;
    const tick = async () => {
      if (closed) return;
      const now = await snapshot(root);
      if (last) for (const rel of diff(last, now)) note(rel);
      last = now;
      if (!closed) {
        pollTimer = setTimeout(() => void tick(), pollMs);
        pollTimer.unref?.();
      }
    };
    void tick();
  }

  if (mode !== 'off') {
    if (options.mode === 'poll') startPolling();
    else {
      try {
        native = watch(root, { recursive: true, persistent: false }, (_event, filename) => {
          note(filename ? String(filename).split(sep).join('/') : undefined);
        });
        native.on('error', () => {
          native?.close();
          native = undefined;
          if (closed) return;
          note(undefined);
          startPolling();
        });
      } catch {
        native = undefined;
        startPolling();
      }
    }
  }

  return {
    get mode() {
      return mode;
    },
    close() {
      closed = true;
      native?.close();
      if (pollTimer) clearTimeout(pollTimer);
      if (flushTimer) clearTimeout(flushTimer);
    },
  };
}
