import { ref } from 'vue';
import { defineStore } from 'pinia';
import type {
  AppErrorShape,
  AuditEntryShape,
  AuditOutcomeName,
  AuditVerifyShape,
} from '../../../preload/contract';
import { api } from '../api/client';
import { toApiError } from '../api/errors';
import { downloadText } from '../connections/download';
import { showError, showSuccess } from '../theme/feedback';

export interface AuditFilters {
  text: string;
  outcome: AuditOutcomeName | null;
  connectionId: string | null;
}

const PAGE = 100;

/** The audit log screen: pages of entries newest first, the chain check, the export. */
export const useAuditStore = defineStore('audit', () => {
  const entries = ref<AuditEntryShape[]>([]);
  const nextBefore = ref<number | null>(null);
  const unreadableLines = ref(0);
  const loading = ref(false);
  const error = ref<AppErrorShape | null>(null);
  const filters = ref<AuditFilters>({ text: '', outcome: null, connectionId: null });
  const verifying = ref(false);
  const verification = ref<AuditVerifyShape | null>(null);
  const exporting = ref(false);
  /** Answers to older queries are dropped when the filters changed meanwhile. */
  let generation = 0;

  function query(before?: number) {
    const f = filters.value;
    return {
      limit: PAGE,
      ...(before !== undefined ? { before } : {}),
      ...(f.text.trim() ? { text: f.text.trim() } : {}),
      ...(f.outcome ? { outcome: f.outcome } : {}),
      ...(f.connectionId ? { connectionId: f.connectionId } : {}),
    };
  }

  async function load(): Promise<void> {
    const ticket = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const page = await api.call('audit:list', query());
      if (ticket !== generation) return;
      entries.value = page.entries;
      nextBefore.value = page.nextBefore;
      unreadableLines.value = page.unreadableLines;
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
      const page = await api.call('audit:list', query(nextBefore.value));
      if (ticket !== generation) return;
      entries.value = [...entries.value, ...page.entries];
      nextBefore.value = page.nextBefore;
      unreadableLines.value += page.unreadableLines;
    } catch (err) {
      showError(err, 'Could not load older entries');
    } finally {
      if (ticket === generation) loading.value = false;
    }
  }

  function setFilters(patch: Partial<AuditFilters>): void {
    filters.value = { ...filters.value, ...patch };
    void load();
  }

  async function verify(): Promise<void> {
    verifying.value = true;
    try {
      verification.value = await api.call('audit:verify', {});
    } catch (err) {
      showError(err, 'Could not check the audit log');
    } finally {
      verifying.value = false;
    }
  }

  async function exportLog(): Promise<void> {
    exporting.value = true;
    try {
      const { jsonl, lines } = await api.call('audit:export', {});
      const day = new Date().toISOString().slice(0, 10);
      downloadText(`sentinel-audit-${day}.jsonl`, jsonl, 'application/x-ndjson');
      showSuccess(`Exported ${lines} audit entr${lines === 1 ? 'y' : 'ies'}.`);
    } catch (err) {
      showError(err, 'Could not export the audit log');
    } finally {
      exporting.value = false;
    }
  }

  return {
    entries,
    nextBefore,
    unreadableLines,
    loading,
    error,
    filters,
    verifying,
    verification,
    exporting,
    load,
    loadOlder,
    setFilters,
    verify,
    exportLog,
  };
});
