import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import type {
  ConnectionConfigInput,
  ConnectionSummary,
  DemoStatus,
  SecretStatus,
} from '../../../preload/contract';

export type DemoTenant = DemoStatus['tenant'];

/** Which built-in tenant serves a demo connection. */
export function demoTenantOf(c: Pick<ConnectionSummary, 'demo' | 'kind'>): DemoTenant | null {
  if (!c.demo) return null;
  return c.kind === 'sentinel-secure-x' ? 'sentinel-secure-x' : 'sentinelone';
}
import { api } from '../api/client';
import { showError, showSuccess } from '../theme/feedback';

/** Only the id: which connection the operator last worked with, never anything about it. */
export const SELECTED_CONNECTION_KEY = 'sentinel.selectedConnection';

function readRemembered(): string | null {
  try {
    return window.localStorage.getItem(SELECTED_CONNECTION_KEY);
  } catch {
    return null; // storage can be disabled by policy; the choice is then per run
  }
}

function remember(id: string): void {
  try {
    window.localStorage.setItem(SELECTED_CONNECTION_KEY, id);
  } catch {
    // see readRemembered
  }
}

export const useConnectionsStore = defineStore('connections', () => {
  const list = ref<ConnectionSummary[]>([]);
  const selectedId = ref<string | null>(null);
  /** The tenants being started or stopped right now (buttons show a spinner). */
  const demoBusy = ref<Partial<Record<DemoTenant, boolean>>>({});
  let unsubscribe: (() => void) | null = null;

  /** Demo connections first, then the operator's own in the order main keeps them. */
  const ordered = computed(() => [
    ...list.value.filter((c) => c.demo),
    ...list.value.filter((c) => !c.demo),
  ]);
  const selected = computed(() => list.value.find((c) => c.id === selectedId.value) ?? null);
  const demo = computed(() => list.value.find((c) => c.demo) ?? null);

  function byId(id: string): ConnectionSummary | null {
    return list.value.find((c) => c.id === id) ?? null;
  }

  /** Keeps the current choice, else the remembered one, else the demo tenant, else the first. */
  function reconcileSelection(): void {
    if (selected.value) return;
    const remembered = readRemembered();
    const pick = (remembered && byId(remembered)) || demo.value || ordered.value[0];
    selectedId.value = pick?.id ?? null;
  }

  function applyDemoStatus(status: DemoStatus): void {
    const conn = byId(status.connectionId);
    if (conn) {
      conn.running = status.running;
      conn.baseUrl = status.baseUrl;
    } else {
      // A connection we have not seen yet: the list is stale, fetch it again.
      load().catch((err: unknown) => showError(err, 'Could not refresh the connections'));
    }
  }

  function listen(): void {
    unsubscribe ??= api.on('demo:changed', applyDemoStatus);
  }

  /** Throws on failure: the caller decides whether that blocks the page or only toasts. */
  async function load(): Promise<void> {
    listen();
    list.value = await api.call('connections:list', {});
    reconcileSelection();
  }

  function select(id: string): void {
    if (!byId(id)) return;
    selectedId.value = id;
    remember(id);
  }

  /** Puts main's fresh summary in place of the old one (or appends a new connection). */
  function upsert(summary: ConnectionSummary): void {
    const i = list.value.findIndex((c) => c.id === summary.id);
    if (i >= 0) list.value.splice(i, 1, summary);
    else list.value.push(summary);
  }

  function applySecretStatus(id: string, status: SecretStatus): void {
    const conn = byId(id);
    if (!conn) return;
    conn.secrets = [...conn.secrets.filter((s) => s.kind !== status.kind), status];
    if (status.kind !== 'passphrase' && status.kind !== 'session') {
      conn.secret = { present: status.present, fingerprint: status.fingerprint };
    }
  }

  function applySession(id: string, session: ConnectionSummary['session']): void {
    const conn = byId(id);
    if (conn) conn.session = session;
  }

  /** Create and update throw, so the editor can put main's field errors next to the fields. */
  async function create(config: ConnectionConfigInput): Promise<ConnectionSummary> {
    const summary = await api.call('connections:create', { config });
    upsert(summary);
    return summary;
  }

  async function update(id: string, config: ConnectionConfigInput): Promise<ConnectionSummary> {
    const summary = await api.call('connections:update', { id, config });
    upsert(summary);
    return summary;
  }

  async function duplicate(id: string): Promise<ConnectionSummary | null> {
    try {
      const copy = await api.call('connections:duplicate', { id });
      upsert(copy);
      showSuccess(
        copy.secret.present
          ? `Created “${copy.name}” with the same stored credential.`
          : `Created “${copy.name}”.`,
      );
      return copy;
    } catch (err) {
      showError(err, 'Could not duplicate the connection');
      return null;
    }
  }

  async function remove(id: string): Promise<boolean> {
    const name = byId(id)?.name ?? id;
    try {
      const result = await api.call('connections:delete', { id });
      list.value = list.value.filter((c) => c.id !== id);
      if (selectedId.value === id) {
        selectedId.value = null;
        reconcileSelection();
      }
      const secrets = result.secretsDeleted;
      showSuccess(
        result.secretsPending
          ? `Deleted “${name}”. The keychain is locked, so its stored secrets will be removed as soon as it is unlocked.`
          : `Deleted “${name}”${secrets ? ` and ${secrets} stored secret${secrets === 1 ? '' : 's'}` : ''}.`,
      );
      return true;
    } catch (err) {
      showError(err, `Could not delete “${name}”`);
      return false;
    }
  }

  async function setDemoRunning(
    tenant: DemoTenant,
    running: boolean,
    options: { select?: boolean } = {},
  ): Promise<boolean> {
    demoBusy.value = { ...demoBusy.value, [tenant]: true };
    try {
      const status = running
        ? await api.call('demo:start', { tenant })
        : await api.call('demo:stop', { tenant });
      applyDemoStatus(status);
      if (running && options.select !== false) {
        // Selected even before a reload lists it: applyDemoStatus fetches the list if needed.
        selectedId.value = status.connectionId;
        remember(status.connectionId);
      }
      return true;
    } catch (err) {
      showError(
        err,
        running ? 'Could not start the demo tenant' : 'Could not stop the demo tenant',
      );
      return false;
    } finally {
      demoBusy.value = { ...demoBusy.value, [tenant]: false };
    }
  }

  const startDemo = (tenant: DemoTenant = 'sentinelone', options?: { select?: boolean }) =>
    setDemoRunning(tenant, true, options);
  const stopDemo = (tenant: DemoTenant = 'sentinelone') => setDemoRunning(tenant, false);

  return {
    list,
    ordered,
    selectedId,
    selected,
    demo,
    demoBusy,
    byId,
    load,
    select,
    upsert,
    applySecretStatus,
    applySession,
    create,
    update,
    duplicate,
    remove,
    startDemo,
    stopDemo,
  };
});
