import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import type {
  AppErrorShape,
  HistoryClearInput,
  HistoryEntry,
  HistoryGetOutput,
  HistoryListInput,
  HistorySettings,
  HistorySummary,
  HttpMethod,
  Settings,
} from '../../../preload/contract';
import { api } from '../api/client';
import { toApiError } from '../api/errors';
import { downloadText } from '../connections/download';
import { fieldErrorsFrom, type FieldErrors } from '../connections/field-errors';
import { draftFromHistory } from '../components/history/reopen-draft';
import { confirmAction, showError, showInfo, showSuccess } from '../theme/feedback';
import { useConnectionsStore } from './connections';
import { useExplorerStore } from './explorer';
import { useTabsStore } from './tabs';

export type HistoryStatusFilter = '2xx' | '3xx' | '4xx' | '5xx' | 'error';

export interface HistoryFilters {
  connectionId: string | null;
  method: HttpMethod | null;
  statusClass: HistoryStatusFilter | null;
  text: string;
}

/** A body kept as a file, read in pieces: never the whole file at once. */
export interface FileBodyView {
  fileId: string;
  text: string;
  nextOffset: number | null;
  size: number;
  loading: boolean;
}

export type ComparedEntry = Required<Pick<HistoryGetOutput, 'entry'>> & {
  bodyText: { text: string; truncated: boolean } | null;
};

const PAGE = 50;
export const BODY_CHUNK_BYTES = 1024 * 1024;

function emptyFilters(): HistoryFilters {
  return { connectionId: null, method: null, statusClass: null, text: '' };
}

/** Whether a newly kept send belongs in the list as it is filtered now (text: the URL only). */
export function summaryMatches(s: HistorySummary, f: HistoryFilters): boolean {
  if (f.connectionId && s.connectionId !== f.connectionId) return false;
  if (f.method && s.method !== f.method) return false;
  if (f.statusClass === 'error' && s.status !== null) return false;
  if (f.statusClass && f.statusClass !== 'error') {
    if (s.status === null || `${Math.floor(s.status / 100)}xx` !== f.statusClass) return false;
  }
  const text = f.text.trim().toLowerCase();
  return !text || s.url.toLowerCase().includes(text);
}

/** The History screen: pages of sends newest first, one in full, compare, export, clear, settings. */
export const useHistoryStore = defineStore('history', () => {
  const entries = ref<HistorySummary[]>([]);
  const nextBefore = ref<number | null>(null);
  const unreadableLines = ref(0);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<AppErrorShape | null>(null);
  const filters = ref<HistoryFilters>(emptyFilters());
  const selectedId = ref<string | null>(null);
  const detail = ref<HistoryEntry | null>(null);
  const detailLoading = ref(false);
  const fileBody = ref<FileBodyView | null>(null);
  const checked = ref<string[]>([]);
  const exporting = ref(false);
  /** "Compare with…": the first entry, while the operator picks the second. */
  const compareFromId = ref<string | null>(null);
  const comparison = ref<{ left: ComparedEntry; right: ComparedEntry } | null>(null);
  const comparing = ref(false);
  const settings = ref<Settings | null>(null);
  const settingsErrors = ref<FieldErrors>({});
  const savingSettings = ref(false);
  let generation = 0;
  let detailTicket = 0;

  const filtered = computed(() => {
    const f = filters.value;
    return !!(f.connectionId || f.method || f.statusClass || f.text.trim());
  });

  function query(before?: number): HistoryListInput {
    const f = filters.value;
    return {
      limit: PAGE,
      ...(before !== undefined ? { before } : {}),
      ...(f.connectionId ? { connectionId: f.connectionId } : {}),
      ...(f.method ? { method: f.method } : {}),
      ...(f.statusClass ? { statusClass: f.statusClass } : {}),
      ...(f.text.trim() ? { text: f.text.trim() } : {}),
    };
  }

  async function load(): Promise<void> {
    const ticket = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const page = await api.call('history:list', query());
      if (ticket !== generation) return;
      entries.value = page.entries;
      nextBefore.value = page.nextBefore;
      unreadableLines.value = page.unreadableLines;
      loaded.value = true;
    } catch (err) {
      if (ticket === generation) error.value = toApiError(err).toShape();
    } finally {
      if (ticket === generation) loading.value = false;
    }
  }

  async function loadOlder(): Promise<void> {
    if (nextBefore.value === null || loading.value) return;
    const ticket = generation;
    loading.value = true;
    try {
      const page = await api.call('history:list', query(nextBefore.value));
      if (ticket !== generation) return;
      const seen = new Set(entries.value.map((e) => e.id));
      entries.value = [...entries.value, ...page.entries.filter((e) => !seen.has(e.id))];
      nextBefore.value = page.nextBefore;
      unreadableLines.value += page.unreadableLines;
    } catch (err) {
      showError(err, 'Could not load older sends');
    } finally {
      if (ticket === generation) loading.value = false;
    }
  }

  function setFilters(patch: Partial<HistoryFilters>): void {
    filters.value = { ...filters.value, ...patch };
    // Ticks on rows the new filters hide would go into an export the operator cannot see.
    checked.value = [];
    void load();
  }

  // Sends kept while the screen is open arrive at the top, unless the filters leave them out.
  api.on('history:added', (s) => {
    if (!loaded.value || !summaryMatches(s, filters.value)) return;
    if (entries.value.some((e) => e.id === s.id)) return;
    entries.value = [s, ...entries.value];
  });

  async function select(id: string | null): Promise<void> {
    const ticket = ++detailTicket;
    selectedId.value = id;
    fileBody.value = null;
    if (id === null) {
      detail.value = null;
      return;
    }
    detailLoading.value = true;
    try {
      const { entry } = await api.call('history:get', { id });
      if (ticket !== detailTicket) return;
      detail.value = entry;
      if (entry.body.kind === 'file') {
        fileBody.value = {
          fileId: entry.body.fileId,
          text: '',
          nextOffset: 0,
          size: entry.body.size,
          loading: false,
        };
        await loadMoreBody();
      }
    } catch (err) {
      if (ticket !== detailTicket) return;
      detail.value = null;
      showError(err, 'Could not open the send');
    } finally {
      if (ticket === detailTicket) detailLoading.value = false;
    }
  }

  /** The next 1 MiB of a body kept as a file, appended to what is shown. */
  async function loadMoreBody(): Promise<void> {
    const view = fileBody.value;
    if (!view || view.nextOffset === null || view.loading) return;
    view.loading = true;
    try {
      const chunk = await api.call('history:body-chunk', {
        fileId: view.fileId,
        offset: view.nextOffset,
        maxBytes: BODY_CHUNK_BYTES,
      });
      if (fileBody.value !== view) return;
      view.text += chunk.text;
      view.nextOffset = chunk.nextOffset;
      view.size = chunk.size;
    } catch (err) {
      showError(err, 'Could not read the body file');
    } finally {
      view.loading = false;
    }
  }

  /** ↑/↓ in the list. */
  function moveSelection(step: 1 | -1): void {
    if (entries.value.length === 0) return;
    const i = entries.value.findIndex((e) => e.id === selectedId.value);
    const next = i < 0 ? 0 : Math.min(entries.value.length - 1, Math.max(0, i + step));
    const id = entries.value[next]!.id;
    if (id !== selectedId.value) void select(id);
  }

  function forget(ids: ReadonlySet<string>): void {
    entries.value = entries.value.filter((e) => !ids.has(e.id));
    checked.value = checked.value.filter((id) => !ids.has(id));
  }

  async function remove(id: string): Promise<boolean> {
    const s = entries.value.find((e) => e.id === id);
    const ok = await confirmAction({
      title: 'Delete this send from history?',
      content: s ? `${s.method} ${s.url} will be removed, with its body file.` : 'It is removed.',
      positiveText: 'Delete',
    });
    if (!ok) return false;
    try {
      const index = entries.value.findIndex((e) => e.id === id);
      await api.call('history:delete', { id });
      forget(new Set([id]));
      if (selectedId.value === id) {
        const next = entries.value[Math.min(index, entries.value.length - 1)];
        void select(next?.id ?? null);
      }
      return true;
    } catch (err) {
      showError(err, 'Could not delete the send');
      return false;
    }
  }

  function describeClear(input: HistoryClearInput): string {
    if ('all' in input) return 'Every kept send and its body file is removed.';
    if ('olderThanDays' in input) {
      return `Sends older than ${input.olderThanDays} day${input.olderThanDays === 1 ? '' : 's'} are removed, with their body files.`;
    }
    const name =
      useConnectionsStore().byId(input.connectionId)?.name ??
      entries.value.find((e) => e.connectionId === input.connectionId)?.connectionName ??
      input.connectionId;
    return `Every kept send of “${name}” is removed, with its body files.`;
  }

  async function clear(input: HistoryClearInput): Promise<boolean> {
    const ok = await confirmAction({
      title: 'Clear history?',
      content: `${describeClear(input)} This cannot be undone.`,
      positiveText: 'Clear',
    });
    if (!ok) return false;
    try {
      const { removed } = await api.call('history:clear', input);
      showSuccess(`Removed ${removed} send${removed === 1 ? '' : 's'} from history.`);
      checked.value = [];
      await load();
      if (selectedId.value && !entries.value.some((e) => e.id === selectedId.value)) {
        void select(null);
      }
      return true;
    } catch (err) {
      showError(err, 'Could not clear history');
      return false;
    }
  }

  function toggleChecked(id: string, on: boolean): void {
    const rest = checked.value.filter((c) => c !== id);
    checked.value = on ? [...rest, id] : rest;
  }

  function setAllChecked(on: boolean): void {
    checked.value = on ? entries.value.map((e) => e.id) : [];
  }

  async function exportHar(ids: string[] = checked.value): Promise<void> {
    if (ids.length === 0) return;
    exporting.value = true;
    try {
      const {
        har,
        entries: count,
        missing,
      } = await api.call('history:export-har', {
        ids: [...ids],
      });
      const day = new Date().toISOString().slice(0, 10);
      downloadText(`history-${day}.har`, har, 'application/json');
      const gone = missing.length ? ` (${missing.length} no longer in history, left out)` : '';
      showSuccess(`Exported ${count} send${count === 1 ? '' : 's'} as HAR${gone}.`);
    } catch (err) {
      showError(err, 'Could not export HAR');
    } finally {
      exporting.value = false;
    }
  }

  /** A new tab with the kept request; the caller switches to the explorer. */
  function openInTab(entry: HistoryEntry): { tabId: string; problems: string[] } {
    const { draft, problems } = draftFromHistory(entry.request);
    const known = useConnectionsStore().byId(entry.connectionId);
    if (!known) problems.push(`The connection “${entry.connectionName}” no longer exists.`);
    const tab = useTabsStore().open({ connectionId: known ? entry.connectionId : null, draft });
    return { tabId: tab.id, problems };
  }

  /** Opens the request in a new tab and sends it, unless something must be filled in first. */
  async function resend(entry: HistoryEntry): Promise<boolean> {
    const { problems } = openInTab(entry);
    if (problems.length) {
      showInfo(`Opened, not sent: ${problems.join(' ')}`);
      return false;
    }
    await useExplorerStore().send();
    return true;
  }

  function startCompare(id: string): void {
    compareFromId.value = id;
  }

  function cancelCompare(): void {
    compareFromId.value = null;
  }

  /** Both entries with their bodies as text (up to 2 MiB each) for the side-by-side diff. */
  async function compare(leftId: string, rightId: string): Promise<void> {
    compareFromId.value = null;
    comparing.value = true;
    try {
      const [l, r] = await Promise.all(
        [leftId, rightId].map((id) => api.call('history:get', { id, withBodyText: true })),
      );
      comparison.value = {
        left: { entry: l!.entry, bodyText: l!.bodyText ?? null },
        right: { entry: r!.entry, bodyText: r!.bodyText ?? null },
      };
    } catch (err) {
      showError(err, 'Could not compare the sends');
    } finally {
      comparing.value = false;
    }
  }

  function closeComparison(): void {
    comparison.value = null;
  }

  async function loadSettings(): Promise<void> {
    settingsErrors.value = {};
    try {
      settings.value = await api.call('settings:get', {});
    } catch (err) {
      showError(err, 'Could not read the settings');
    }
  }

  async function saveSettings(patch: Partial<HistorySettings>): Promise<boolean> {
    savingSettings.value = true;
    settingsErrors.value = {};
    try {
      settings.value = await api.call('settings:update', { patch: { history: patch } });
      showSuccess('History settings saved.');
      return true;
    } catch (err) {
      const shape = toApiError(err).toShape();
      // Main names the field as patch.history.<name>; the panel keys its messages by <name>.
      const byField: FieldErrors = {};
      for (const [key, message] of Object.entries(fieldErrorsFrom(shape))) {
        byField[key.split('.').pop()!] = message;
      }
      settingsErrors.value = byField;
      if (Object.keys(byField).length === 0) showError(err, 'Could not save the settings');
      return false;
    } finally {
      savingSettings.value = false;
    }
  }

  return {
    entries,
    nextBefore,
    unreadableLines,
    loading,
    loaded,
    error,
    filters,
    filtered,
    selectedId,
    detail,
    detailLoading,
    fileBody,
    checked,
    exporting,
    compareFromId,
    comparison,
    comparing,
    settings,
    settingsErrors,
    savingSettings,
    load,
    loadOlder,
    setFilters,
    select,
    loadMoreBody,
    moveSelection,
    remove,
    clear,
    toggleChecked,
    setAllChecked,
    exportHar,
    openInTab,
    resend,
    startCompare,
    cancelCompare,
    compare,
    closeComparison,
    loadSettings,
    saveSettings,
  };
});
