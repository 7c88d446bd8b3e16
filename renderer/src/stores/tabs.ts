import { computed, reactive, ref, watch } from 'vue';
import { defineStore } from 'pinia';
import type {
  AppErrorShape,
  DraftRequest,
  EventPayload,
  HttpResponse,
  PersistedTab,
} from '../../../preload/contract';
import { api } from '../api/client';
import { emptyDraft, type RequestDraft } from '../explorer/request-draft';
import type { CatalogHint } from '../reference/endpoint-match';

/** Where a tab's request is saved in a collection, and what it looked like then. */
export interface SavedRef {
  collectionId: string;
  path: string;
  snapshot: string;
  /** The file's revision when read or saved; a save against a newer file is a conflict. */
  revision?: string;
}

/** One open request: what the operator edits and what came back. Responses are not kept. */
export interface Tab {
  id: string;
  title?: string;
  connectionId: string | null;
  draft: RequestDraft;
  saved?: SavedRef;
  bodyError: string | null;
  inFlightId: string | null;
  cancelling: boolean;
  progress: EventPayload<'http:progress'> | null;
  response: HttpResponse | null;
  hint: CatalogHint | null;
  error: AppErrorShape | null;
  sentWithCredentials: boolean;
  /** Waiting for a rate-limit token or before a retry: when it goes, and why. */
  waiting: { until: number; text: string } | null;
  /** Its file changed on disk (a `git pull`) while the tab had unsaved edits. */
  changedOnDisk: boolean;
}

const PERSIST_DELAY_MS = 400;
let tabSeq = 0;

function newTabId(): string {
  tabSeq += 1;
  return `t${Date.now().toString(36)}${tabSeq}`;
}

/** What decides "unsaved": the request itself, not row ids or result state. */
export function draftSnapshot(draft: RequestDraft): string {
  const rows = (list: RequestDraft['params']) =>
    list.filter((r) => r.name !== '' || r.value !== '').map((r) => [r.name, r.value, r.enabled]);
  return JSON.stringify([
    draft.method,
    draft.path,
    rows(draft.params),
    rows(draft.headers),
    draft.bodyText,
  ]);
}

/** The label of a tab: its name, else METHOD and the path without the query. */
export function tabLabel(tab: Pick<Tab, 'title' | 'draft'>): string {
  if (tab.title) return tab.title;
  const path = tab.draft.path.split('?')[0]?.trim();
  return path ? `${tab.draft.method} ${path}` : 'New request';
}

function makeTab(
  init: Partial<Pick<Tab, 'id' | 'title' | 'connectionId' | 'draft' | 'saved'>>,
): Tab {
  return reactive({
    id: init.id ?? newTabId(),
    title: init.title,
    connectionId: init.connectionId ?? null,
    draft: init.draft ?? emptyDraft(),
    saved: init.saved,
    bodyError: null,
    inFlightId: null,
    cancelling: false,
    progress: null,
    response: null,
    hint: null,
    error: null,
    sentWithCredentials: false,
    waiting: null,
    changedOnDisk: false,
  }) as Tab;
}

function toPersisted(tab: Tab): PersistedTab {
  const d: DraftRequest = {
    method: tab.draft.method,
    path: tab.draft.path,
    params: tab.draft.params.map(({ id, name, value, enabled }) => ({ id, name, value, enabled })),
    headers: tab.draft.headers.map(({ id, name, value, enabled }) => ({
      id,
      name,
      value,
      enabled,
    })),
    bodyText: tab.draft.bodyText,
  };
  return {
    id: tab.id,
    ...(tab.title ? { title: tab.title } : {}),
    connectionId: tab.connectionId,
    draft: d,
    ...(tab.saved ? { saved: tab.saved } : {}),
  };
}

/**
 * The explorer's tabs. Main keeps them (`drafts:*`, written atomically), so a
 * restart or a crash reopens every request as the operator left it.
 */
export const useTabsStore = defineStore('tabs', () => {
  const tabs = ref<Tab[]>([makeTab({})]);
  const activeId = ref<string>(tabs.value[0]!.id);
  const restored = ref(false);
  let persistTimer: ReturnType<typeof setTimeout> | null = null;

  const active = computed<Tab>(
    () => tabs.value.find((t) => t.id === activeId.value) ?? tabs.value[0]!,
  );

  function isDirty(tab: Tab): boolean {
    if (tab.saved) return draftSnapshot(tab.draft) !== tab.saved.snapshot;
    // A new tab counts as unsaved once something was typed into it.
    return draftSnapshot(tab.draft) !== draftSnapshot(emptyDraft());
  }

  function schedulePersist(): void {
    if (!restored.value) return;
    if (persistTimer) clearTimeout(persistTimer);
    persistTimer = setTimeout(() => {
      persistTimer = null;
      void persistNow();
    }, PERSIST_DELAY_MS);
  }

  async function persistNow(): Promise<void> {
    try {
      await api.call('drafts:set', {
        tabs: tabs.value.map(toPersisted),
        activeId: activeId.value,
      });
    } catch {
      // Drafts are a safety net; failing to keep one must not interrupt the send in progress.
    }
  }

  /** Reopens the tabs main kept; with none, keeps the one empty tab. */
  async function restore(): Promise<void> {
    try {
      const drafts = await api.call('drafts:get', {});
      if (drafts.tabs.length) {
        tabs.value = drafts.tabs.map((t) =>
          makeTab({
            id: t.id,
            title: t.title,
            connectionId: t.connectionId,
            draft: { ...t.draft },
            saved: t.saved,
          }),
        );
        activeId.value =
          drafts.activeId && tabs.value.some((t) => t.id === drafts.activeId)
            ? drafts.activeId
            : tabs.value[0]!.id;
      }
    } catch {
      // No drafts (first start, or an unreadable file, which main reports): start empty.
    } finally {
      restored.value = true;
    }
  }

  function open(init: Partial<Pick<Tab, 'title' | 'connectionId' | 'draft' | 'saved'>> = {}): Tab {
    const tab = makeTab(init);
    tabs.value.push(tab);
    activeId.value = tab.id;
    return tab;
  }

  function activate(id: string): void {
    if (tabs.value.some((t) => t.id === id)) activeId.value = id;
  }

  /** Closes without asking; the caller confirms first when the tab is unsaved. */
  function close(id: string): void {
    const i = tabs.value.findIndex((t) => t.id === id);
    if (i < 0) return;
    tabs.value.splice(i, 1);
    if (tabs.value.length === 0) tabs.value.push(makeTab({}));
    if (activeId.value === id) activeId.value = tabs.value[Math.min(i, tabs.value.length - 1)]!.id;
  }

  function cycle(step: 1 | -1): void {
    const i = tabs.value.findIndex((t) => t.id === activeId.value);
    const next = (i + step + tabs.value.length) % tabs.value.length;
    activeId.value = tabs.value[next]!.id;
  }

  function markSaved(tab: Tab, ref: Omit<SavedRef, 'snapshot'>): void {
    tab.saved = { ...ref, snapshot: draftSnapshot(tab.draft) };
    tab.changedOnDisk = false;
  }

  /** The open tab of a saved request, if there is one. */
  function bySaved(collectionId: string, path: string): Tab | undefined {
    return tabs.value.find((t) => t.saved?.collectionId === collectionId && t.saved.path === path);
  }

  /** The tab whose request is in flight with this id (progress events find their tab). */
  function byRequestId(requestId: string): Tab | undefined {
    return tabs.value.find((t) => t.inFlightId === requestId);
  }

  watch(
    () => [
      activeId.value,
      tabs.value.map((t) => [
        t.id,
        t.title,
        t.connectionId,
        draftSnapshot(t.draft),
        t.saved?.snapshot,
      ]),
    ],
    schedulePersist,
    { deep: true },
  );

  return {
    tabs,
    activeId,
    active,
    restored,
    isDirty,
    restore,
    open,
    activate,
    close,
    cycle,
    markSaved,
    byRequestId,
    bySaved,
    persistNow,
  };
});
