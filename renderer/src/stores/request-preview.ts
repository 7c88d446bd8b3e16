import { computed, ref, watch } from 'vue';
import { defineStore } from 'pinia';
import type {
  AppErrorShape,
  CollectionVariables,
  HttpPreview,
  RequestSpec,
  VariableReference,
} from '../../../preload/contract';
import { api } from '../api/client';
import { toApiError } from '../api/errors';
import { buildRequestSpec, type RequestDraft } from '../explorer/request-draft';
import {
  blockedText,
  layoutOf,
  markersOf,
  readUndefinedVariable,
  unresolvedByRow as byRow,
  unresolvedIn as inField,
  unresolvedPlaces,
  type DraftLayout,
  type MarkerField,
  type VariableMarker,
} from '../explorer/variable-markers';
import { useConnectionsStore } from './connections';
import { useTabsStore, type Tab } from './tabs';
import { useVariablesStore } from './variables';

export const PREVIEW_DELAY_MS = 250;

/** What main answered for one tab's request, and which edit of it that was. */
export interface PreviewState {
  /** The request (and variables revision) this answer is for; stale once the draft changes. */
  key: string;
  resolved: HttpPreview | null;
  unresolved: string[];
  references: VariableReference[];
  markers: VariableMarker[];
  layout: DraftLayout;
  problem: { code: string; message: string } | null;
  /** The preview itself failed (network, no connection…): shown, but never blocks Send. */
  error: AppErrorShape | null;
}

/**
 * The spec for preview and code generation. Unlike Send it does not insist the body is
 * JSON as typed: `{"limit": {{threatLimit}}}` only becomes JSON once main resolves it,
 * and main checks it then (the preview's `problem`).
 */
export function previewSpecOf(
  draft: RequestDraft,
  connectionId: string,
  collection?: CollectionVariables,
): RequestSpec {
  const built = buildRequestSpec(draft, connectionId);
  // Without a body the draft always builds; the body then goes as typed.
  const bare = built.ok ? built : buildRequestSpec({ ...draft, bodyText: '' }, connectionId);
  if (!bare.ok) throw new Error('A draft without a body always builds.');
  const spec: RequestSpec = built.ok
    ? built.value
    : { ...bare.value, body: { kind: 'json', text: draft.bodyText } };
  if (!collection) return spec;
  // A plain copy: a reactive collection would be a proxy, which the IPC bridge cannot clone.
  const { id, variables = {}, secretNames = [] } = collection;
  return {
    ...spec,
    collection: { id, variables: { ...variables }, secretNames: [...secretNames] },
  };
}

/**
 * The resolved-request preview of the active tab: `http:preview` after every pause in
 * editing, so undefined `{{names}}` are marked where they are and Send can be held back.
 * Only `unresolved` blocks: a preview that fails for any other reason leaves Send alone
 * (main refuses an undefined variable on its own anyway).
 */
export const useRequestPreviewStore = defineStore('request-preview', () => {
  const tabs = useTabsStore();
  const connections = useConnectionsStore();
  const variables = useVariablesStore();
  const states = ref<Record<string, PreviewState>>({});
  const loading = ref(false);
  let collectionOf: (tab: Tab) => CollectionVariables | undefined = () => undefined;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const seqs = new Map<string, number>();

  function connectionIdOf(tab: Tab): string | null {
    const conn =
      (tab.connectionId ? connections.byId(tab.connectionId) : null) ?? connections.selected;
    return conn?.id ?? null;
  }

  /** The spec for this tab, or null without a connection. */
  function specOfTab(tab: Tab): RequestSpec | null {
    const connectionId = connectionIdOf(tab);
    return connectionId ? previewSpecOf(tab.draft, connectionId, collectionOf(tab)) : null;
  }

  function keyOf(tab: Tab): string {
    return JSON.stringify([specOfTab(tab), variables.revision]);
  }

  const current = computed<PreviewState | null>(() => states.value[tabs.active.id] ?? null);
  /** The answer is for the request as it is now (not an edit ago). */
  const fresh = computed(() => current.value?.key === keyOf(tabs.active));
  const markers = computed(() => current.value?.markers ?? []);
  const places = computed(() =>
    current.value ? unresolvedPlaces(current.value.markers, current.value.layout) : [],
  );
  /** Why Send is held back, e.g. "Define {{threatLimit}} (path) before sending.", or null. */
  const blockedReason = computed(() =>
    fresh.value && current.value?.unresolved.length ? blockedText(places.value) : null,
  );

  async function refresh(tab: Tab): Promise<void> {
    const spec = specOfTab(tab);
    if (!spec) {
      delete states.value[tab.id];
      return;
    }
    const key = keyOf(tab);
    const layout = layoutOf(tab.draft);
    const seq = (seqs.get(tab.id) ?? 0) + 1;
    seqs.set(tab.id, seq);
    loading.value = true;
    try {
      const resolved = await api.call('http:preview', spec);
      if (seqs.get(tab.id) !== seq) return;
      states.value[tab.id] = {
        key,
        resolved,
        unresolved: resolved.unresolved,
        references: resolved.references,
        markers: markersOf(resolved.references, layout),
        layout,
        problem: resolved.problem ?? null,
        error: null,
      };
    } catch (err) {
      if (seqs.get(tab.id) !== seq) return;
      states.value[tab.id] = {
        key,
        resolved: null,
        unresolved: [],
        references: [],
        markers: [],
        layout,
        problem: null,
        error: toApiError(err).toShape(),
      };
    } finally {
      if (seqs.get(tab.id) === seq) loading.value = false;
    }
  }

  function cancelTimer(): void {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  function schedule(): void {
    cancelTimer();
    const tab = tabs.active;
    timer = setTimeout(() => {
      timer = null;
      void refresh(tab);
    }, PREVIEW_DELAY_MS);
  }

  /** Now rather than after the pause (the Preview dialog opening, a test). */
  function refreshNow(): Promise<void> {
    cancelTimer();
    return refresh(tabs.active);
  }

  /**
   * Where the tab's collection variables come from (the collections store knows which
   * collection a saved tab belongs to). Read inside the watcher, so reactive sources
   * re-run the preview when they change.
   */
  function setCollectionSource(source: (tab: Tab) => CollectionVariables | undefined): void {
    collectionOf = source;
    schedule();
  }

  /** Marks what a refused send named, when the preview had not caught it yet. */
  function applySendError(tabId: string, error: AppErrorShape | null): void {
    if (error?.code !== 'undefined_variable') return;
    const details = readUndefinedVariable(error.details);
    const tab = tabs.tabs.find((t) => t.id === tabId);
    if (!details || !tab) return;
    const layout = layoutOf(tab.draft);
    const previous = states.value[tabId];
    states.value[tabId] = {
      key: keyOf(tab),
      resolved: previous?.resolved ?? null,
      unresolved: details.names,
      references: details.references,
      markers: markersOf(details.references, layout),
      layout,
      problem: previous?.problem ?? null,
      error: null,
    };
  }

  watch(() => [tabs.active.id, keyOf(tabs.active)], schedule, { immediate: true });

  // A send refused with `undefined_variable` marks its tab, whichever tab is active.
  const seenErrors = new Map<string, AppErrorShape | null>();
  watch(
    () => tabs.tabs.map((t) => [t.id, t.error] as const),
    (list) => {
      const ids = new Set(list.map(([id]) => id));
      for (const id of Object.keys(states.value)) if (!ids.has(id)) delete states.value[id];
      for (const [id, error] of list) {
        if (seenErrors.get(id) === error) continue;
        seenErrors.set(id, error);
        applySendError(id, error);
      }
    },
  );

  return {
    states,
    current,
    fresh,
    loading,
    markers,
    places,
    blockedReason,
    refreshNow,
    setCollectionSource,
    applySendError,
    specOfTab,
    /** Unresolved names in the path, body, or one query/header row (by draft row id). */
    unresolvedIn: (field: MarkerField, rowId?: string) => inField(markers.value, field, rowId),
    /** Unresolved names per row of the Params (`query`) or Headers (`header`) table. */
    unresolvedByRow: (field: 'query' | 'header') => byRow(markers.value, field),
  };
});
