import { markRaw, reactive, shallowReactive, watch } from 'vue';
import { defineStore } from 'pinia';
import type {
  AppErrorShape,
  BodyInfo,
  BodySearchHit,
  BodyView,
  EventPayload,
} from '../../../preload/contract';
import { MAX_BODY_READ_BYTES } from '../../../preload/contract';
import { api } from '../api/client';
import { toApiError } from '../api/errors';
import { LineWindowCache } from '../components/response/line-window-cache';
import { formatBytes } from '../explorer/response-format';
import { confirmAction, showError, showInfo, showSuccess } from '../theme/feedback';
import { useAppStore } from './app';
import { useTabsStore } from './tabs';

/** Lines fetched per request: one screen is ~40, so a window covers a few screens. */
export const WINDOW_LINES = 200;
/** Windows kept per view (6400 lines, a few hundred KiB at most). */
const MAX_WINDOWS = 32;
/** Bodies whose windows are kept while the operator switches tabs. */
const MAX_SESSIONS = 4;
const SEARCH_PAGE = 100;

export interface IndexState {
  running: boolean;
  scannedBytes: number;
  totalBytes: number;
  lines: number;
  done: boolean;
  error: AppErrorShape | null;
}

export interface HugeSearch {
  query: string;
  regex: boolean;
  caseSensitive: boolean;
  /** The view the hits are numbered in. */
  view: BodyView;
  running: boolean;
  hits: BodySearchHit[];
  /** Where main continues; null once the whole body was searched. */
  next: { line: number; column: number } | null;
  current: number;
  error: string | null;
}

/** One spooled body as the viewer sees it: a few windows of lines, never the whole text. */
export interface HugeBody {
  fileId: string;
  contentType: string;
  size: number;
  info: BodyInfo | null;
  view: BodyView;
  /** The first window of the current view is in. */
  firstScreen: boolean;
  /** What went wrong reading the body (info, or a window), for the notice above the lines. */
  error: AppErrorShape | null;
  /** Why the view is not the one expected (the pretty pass failed, so Raw is shown). */
  notice: string | null;
  index: Record<BodyView, IndexState>;
  /** Bumped whenever a window arrives: the list draws again. */
  revision: number;
  caches: Record<BodyView, LineWindowCache>;
  search: HugeSearch;
  jsonpath: {
    running: boolean;
    result: { count: number; text: string; truncated: boolean } | null;
    error: AppErrorShape | null;
  };
  /** The browser host cannot open other applications: the path to open by hand. */
  externalPath: string | null;
}

function emptyIndex(): IndexState {
  return {
    running: false,
    scannedBytes: 0,
    totalBytes: 0,
    lines: 0,
    done: false,
    error: null,
  };
}

function emptySearch(view: BodyView): HugeSearch {
  return {
    query: '',
    regex: false,
    caseSensitive: false,
    view,
    running: false,
    hits: [],
    next: null,
    current: -1,
    error: null,
  };
}

/** The lines the list spans: exact once known, else extrapolated from the index pass. */
export function lineCountOf(body: HugeBody, view: BodyView = body.view): number {
  const cache = body.caches[view];
  if (cache.totalLines !== null) return cache.totalLines;
  const index = body.index[view];
  if (index.done) return index.lines;
  if (index.scannedBytes > 0 && index.lines > 0) {
    return Math.max(index.lines, Math.ceil((index.lines * index.totalBytes) / index.scannedBytes));
  }
  return cache.windowSize;
}

/** `threats.json` for `…/threats?limit=5`; the dialog (or the download) proposes it. */
export function suggestedFileName(url: string, contentType: string): string {
  let stem = 'response';
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).at(-1);
    if (last)
      stem =
        decodeURIComponent(last)
          .replace(/[^\w.-]+/g, '_')
          .slice(0, 80) || stem;
  } catch {
    // Not a URL (a test, or an odd value): keep the plain name.
  }
  if (/\.[a-z0-9]{1,5}$/i.test(stem)) return stem;
  const ext = /json/i.test(contentType)
    ? 'json'
    : /html/i.test(contentType)
      ? 'html'
      : /xml/i.test(contentType)
        ? 'xml'
        : (/^image\/(png|jpeg|gif|webp|svg)/i.exec(contentType)?.[1]?.replace('jpeg', 'jpg') ??
          (/^text\//i.test(contentType) ? 'txt' : 'bin'));
  return `${stem}.${ext === 'svg' ? 'svg' : ext}`;
}

/**
 * The response viewer's dealings with main for spooled bodies (`body.kind === 'file'`):
 * windows of lines, the index pass and its progress, search, JSONPath, save, copy, open
 * externally, and releasing the file once no tab shows it any more.
 */
export const useResponseViewerStore = defineStore('response-viewer', () => {
  const sessions = shallowReactive(new Map<string, HugeBody>());
  const released = new Set<string>();
  const app = useAppStore();
  const tabs = useTabsStore();
  let displayed: string | null = null;

  api.on('bodies:index-progress', (p: EventPayload<'bodies:index-progress'>) => {
    const body = sessions.get(p.fileId);
    if (!body) return;
    Object.assign(body.index[p.view], {
      scannedBytes: p.scannedBytes,
      totalBytes: p.totalBytes,
      lines: p.lines,
      done: p.done,
    });
  });

  function makeCache(body: HugeBody, view: BodyView): LineWindowCache {
    const channel = view === 'pretty' ? 'bodies:pretty-lines' : 'bodies:lines';
    return markRaw(
      new LineWindowCache(
        (fromLine, count) => api.call(channel, { fileId: body.fileId, fromLine, count }),
        {
          windowSize: WINDOW_LINES,
          maxWindows: MAX_WINDOWS,
          onChange: () => (body.revision += 1),
          onError: (err) => {
            if (body.view === view) body.error = toApiError(err).toShape();
          },
        },
      ),
    );
  }

  /** The session of a spooled body, created (and its first screen requested) on first sight. */
  function open(fileId: string, contentType: string, size: number): HugeBody {
    const known = sessions.get(fileId);
    if (known) {
      // Most recently shown last, so the first entry is the one to drop.
      sessions.delete(fileId);
      sessions.set(fileId, known);
      return known;
    }
    const body = reactive({
      fileId,
      contentType,
      size,
      info: null,
      view: 'pretty',
      firstScreen: false,
      error: null,
      notice: null,
      index: { pretty: emptyIndex(), raw: emptyIndex() },
      revision: 0,
      caches: {} as HugeBody['caches'],
      search: emptySearch('pretty'),
      jsonpath: { running: false, result: null, error: null },
      externalPath: null,
    }) as HugeBody;
    body.caches = markRaw({ pretty: makeCache(body, 'pretty'), raw: makeCache(body, 'raw') });
    sessions.set(fileId, body);
    while (sessions.size > MAX_SESSIONS) {
      const oldest = [...sessions.keys()].find((id) => id !== fileId)!;
      sessions.delete(oldest);
    }
    void start(body);
    return body;
  }

  async function start(body: HugeBody): Promise<void> {
    try {
      body.info = await api.call('bodies:info', { fileId: body.fileId });
    } catch (err) {
      body.error = toApiError(err).toShape();
      return;
    }
    await showView(body, body.info.isJson && body.info.encoding === 'utf-8' ? 'pretty' : 'raw');
  }

  /** Switches Pretty/Raw: the first window at once, then that view's index in the background. */
  async function showView(body: HugeBody, view: BodyView): Promise<void> {
    body.view = view;
    body.error = null;
    body.firstScreen = false;
    const cache = body.caches[view];
    await cache.load(0, WINDOW_LINES);
    if (body.view !== view) return;
    body.firstScreen = cache.get(0) !== undefined || cache.totalLines === 0;
    if (!body.firstScreen) {
      // Not JSON after all (the pretty pass failed on line 0): show what it is.
      if (view === 'pretty') {
        const problem = body.error as AppErrorShape | null;
        body.notice = `No pretty view: ${problem?.message ?? 'the body is not JSON'}`;
        await showView(body, 'raw');
      }
      return;
    }
    void buildIndex(body, view);
  }

  /** The operator's Pretty/Raw choice: hits are numbered per view, so a search runs again. */
  async function setView(body: HugeBody, view: BodyView): Promise<void> {
    if (body.view === view) return;
    body.notice = null;
    const { query, regex, caseSensitive } = body.search;
    body.search = emptySearch(view);
    await showView(body, view);
    if (query && body.view === view) await search(body, query, { regex, caseSensitive });
  }

  async function buildIndex(body: HugeBody, view: BodyView): Promise<void> {
    const index = body.index[view];
    if (index.running || index.done) return;
    index.running = true;
    index.error = null;
    try {
      const done = await api.call('bodies:index', { fileId: body.fileId, view });
      Object.assign(index, { lines: done.lines, done: true, scannedBytes: body.size });
      body.revision += 1;
    } catch (err) {
      index.error = toApiError(err).toShape();
      // The pretty pass stops where the JSON breaks: the raw text is still there to read.
      if (view === 'pretty' && index.error.code === 'invalid_body' && body.view === 'pretty') {
        body.notice = `No pretty view: ${index.error.message}`;
        body.caches.pretty.clear();
        await showView(body, 'raw');
      }
    } finally {
      index.running = false;
    }
  }

  async function search(
    body: HugeBody,
    query: string,
    options: { regex: boolean; caseSensitive: boolean },
  ): Promise<void> {
    const view = body.view;
    body.search = { ...emptySearch(view), ...options, query, running: true };
    // The reactive copy: the one later checks compare with (a newer search replaces it).
    const state = body.search;
    if (!query) {
      state.running = false;
      return;
    }
    const input = { fileId: body.fileId, query, ...options, view };
    try {
      // One hit first: the jump happens as soon as main finds it, the rest fill in after.
      const first = await api.call('bodies:search', { ...input, maxHits: 1 });
      if (body.search !== state) return;
      state.hits = first.hits;
      state.next = first.next;
      if (first.hits.length) state.current = 0;
      if (first.next) await more(body, state, SEARCH_PAGE - 1);
    } catch (err) {
      if (body.search === state) state.error = toApiError(err).message;
    } finally {
      state.running = false;
    }
  }

  async function more(body: HugeBody, state: HugeSearch, maxHits = SEARCH_PAGE): Promise<void> {
    if (!state.next) return;
    const page = await api.call('bodies:search', {
      fileId: body.fileId,
      query: state.query,
      regex: state.regex,
      caseSensitive: state.caseSensitive,
      view: state.view,
      // A plain copy: a reactive proxy cannot cross IPC (structured clone refuses it).
      from: { line: state.next.line, column: state.next.column },
      maxHits,
    });
    if (body.search !== state) return;
    state.hits = [...state.hits, ...page.hits];
    state.next = page.next;
  }

  /** The next hit, asking main for the next page at the end of the ones loaded. */
  async function nextHit(body: HugeBody): Promise<void> {
    const state = body.search;
    if (!state.hits.length) return;
    if (state.current + 1 < state.hits.length) {
      state.current += 1;
      return;
    }
    if (state.next && !state.running) {
      state.running = true;
      try {
        await more(body, state);
      } catch (err) {
        state.error = toApiError(err).message;
      } finally {
        state.running = false;
      }
      if (state.current + 1 < state.hits.length) state.current += 1;
      return;
    }
    if (!state.next) state.current = 0;
  }

  function prevHit(body: HugeBody): void {
    const state = body.search;
    if (!state.hits.length) return;
    if (state.current > 0) state.current -= 1;
    else if (!state.next) state.current = state.hits.length - 1;
  }

  async function jsonPath(body: HugeBody, path: string): Promise<void> {
    const state = body.jsonpath;
    state.error = null;
    state.result = null;
    if (!path.trim()) return;
    state.running = true;
    try {
      state.result = await api.call('bodies:jsonpath', { fileId: body.fileId, path });
    } catch (err) {
      state.error = toApiError(err).toShape();
    } finally {
      state.running = false;
    }
  }

  /**
   * Electron: main asks its own dialog (no path from here). The browser host has none, so
   * the operator types a path; an existing file is replaced only after asking.
   */
  async function save(body: HugeBody, suggestedName: string, typedPath?: string): Promise<void> {
    const viaDialog = app.info?.canPickFiles === true;
    try {
      if (viaDialog) {
        const saved = await api.call('bodies:save', { fileId: body.fileId, suggestedName });
        if (saved.path !== null) showSuccess(`Saved ${formatBytes(saved.bytes)} to ${saved.path}.`);
        return;
      }
      const path = typedPath?.trim();
      if (!path) {
        showInfo('Type the full path of the file to save to.');
        return;
      }
      await saveToPath(body, path);
    } catch (err) {
      showError(err, 'The body was not saved');
    }
  }

  async function saveToPath(body: HugeBody, path: string): Promise<void> {
    try {
      const saved = await api.call('bodies:save', { fileId: body.fileId, path });
      showSuccess(`Saved ${formatBytes(saved.bytes)} to ${saved.path ?? path}.`);
    } catch (err) {
      if (toApiError(err).code !== 'file_exists') throw err;
      const replace = await confirmAction({
        title: 'Replace the file?',
        content: `${path} already exists.`,
        positiveText: 'Replace',
      });
      if (!replace) return;
      const saved = await api.call('bodies:save', { fileId: body.fileId, path, overwrite: true });
      showSuccess(`Saved ${formatBytes(saved.bytes)} to ${saved.path ?? path}.`);
    }
  }

  /** The first 1 MiB only: the clipboard is no place for 100 MB. */
  async function copy(body: HugeBody): Promise<void> {
    try {
      const head = await api.call('bodies:read', {
        fileId: body.fileId,
        offset: 0,
        length: MAX_BODY_READ_BYTES,
      });
      await navigator.clipboard.writeText(head.text);
      showSuccess(
        head.eof
          ? 'Copied the body.'
          : `Copied the first ${formatBytes(head.nextOffset)} of ${formatBytes(body.size)}. Save it or open it in an editor for the rest.`,
      );
    } catch (err) {
      showError(err, 'Nothing was copied');
    }
  }

  async function openExternal(body: HugeBody): Promise<void> {
    body.externalPath = null;
    try {
      const opened = await api.call('bodies:open-external', { fileId: body.fileId });
      showSuccess(`Opened ${opened.path} in the system's editor.`);
    } catch (err) {
      const e = toApiError(err);
      const path = (e.details as { path?: unknown } | undefined)?.path;
      if (e.code === 'not_available' && typeof path === 'string') body.externalPath = path;
      else showError(e, 'The body was not opened');
    }
  }

  /** HTML for the Preview tab, cut down by main to what cannot run or fetch anything. */
  async function sanitizeHtml(html: string): Promise<string> {
    return (await api.call('bodies:sanitize-html', { html })).html;
  }

  function referenced(): Set<string> {
    const ids = new Set<string>();
    for (const t of tabs.tabs) {
      if (t.response?.body.kind === 'file') ids.add(t.response.body.fileId);
    }
    return ids;
  }

  function release(fileId: string): void {
    if (released.has(fileId)) return;
    released.add(fileId);
    sessions.delete(fileId);
    // Freeing disk space is housekeeping: main prunes old bodies at start-up anyway.
    api.call('bodies:release', { fileId }).catch(() => undefined);
  }

  /**
   * The panel shows another response (a new send, another tab) or none: the body it showed
   * goes once no tab holds it. A tab switch keeps it; a replaced or closed one frees it.
   */
  function show(fileId: string | null): void {
    const before = displayed;
    displayed = fileId;
    if (before && before !== fileId && !referenced().has(before)) release(before);
  }

  // A tab closed (or its response replaced) while the panel showed another one.
  watch(
    () => [...referenced()].sort().join('\n'),
    (now, was) => {
      const still = new Set(now.split('\n'));
      for (const id of was.split('\n')) {
        if (id && !still.has(id) && id !== displayed) release(id);
      }
    },
  );

  return {
    sessions,
    open,
    setView,
    search,
    nextHit,
    prevHit,
    jsonPath,
    save,
    copy,
    openExternal,
    sanitizeHtml,
    show,
    release,
  };
});
