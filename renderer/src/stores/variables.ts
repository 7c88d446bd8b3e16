import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import type { AppErrorShape, VariableInfo, VariableScope } from '../../../preload/contract';
import { api } from '../api/client';
import { ApiError, toApiError } from '../api/errors';
import { showError } from '../theme/feedback';

export type VariableStorage = 'keychain' | 'session';

/** What the panel asked for: the connection's and the collection's scopes besides global. */
export interface VariablesContext {
  connectionId?: string;
  collectionId?: string;
}

export interface VariableEdit {
  scope: VariableScope;
  name: string;
  value: string;
  secret: boolean;
}

export type SaveOutcome =
  | { status: 'saved'; variable: VariableInfo }
  | { status: 'needs-choice'; message: string }
  | { status: 'failed'; error: AppErrorShape };

/** A secret whose save hit `keychain_unavailable`, waiting for "Keep for this session only". */
export interface SessionOnlyOffer {
  scope: VariableScope;
  name: string;
  message: string;
}

export function sameScope(a: VariableScope, b: VariableScope): boolean {
  if (a === 'global' || b === 'global') return a === b;
  if ('connectionId' in a) return 'connectionId' in b && a.connectionId === b.connectionId;
  return 'collectionId' in b && a.collectionId === b.collectionId;
}

/**
 * A plain copy: scopes taken from listed (reactive) variables are proxies, which
 * structured clone — and so the IPC bridge — refuses.
 */
export function plainScope(scope: VariableScope): VariableScope {
  if (scope === 'global') return 'global';
  return 'connectionId' in scope
    ? { connectionId: scope.connectionId }
    : { collectionId: scope.collectionId };
}

export function scopeKindOf(scope: VariableScope): 'global' | 'connection' | 'collection' {
  if (scope === 'global') return 'global';
  return 'connectionId' in scope ? 'connection' : 'collection';
}

/** What a row shows: a value, or for a secret only a mask and the fingerprint main gave. */
export function displayValue(v: VariableInfo): string {
  if (!v.secret) return v.value;
  return v.fingerprint ? `•••• ${v.fingerprint}` : '•••• (keychain locked)';
}

/**
 * Variables of the global, connection and collection scopes. A secret value is handed
 * straight to main and never kept here — except, outside Vue's reactivity, while a
 * keychain failure waits for the operator's answer.
 */
export const useVariablesStore = defineStore('variables', () => {
  const list = ref<VariableInfo[]>([]);
  const context = ref<VariablesContext>({});
  const loading = ref(false);
  const busy = ref(false);
  const loadError = ref<AppErrorShape | null>(null);
  const offer = ref<SessionOnlyOffer | null>(null);
  /** Bumped on every change, so the request preview knows to resolve again. */
  const revision = ref(0);
  /** Deliberately not reactive and not returned: no devtools panel or component can read it. */
  let pendingValue: string | null = null;
  let loadSeq = 0;

  const global = computed(() => list.value.filter((v) => v.scope === 'global'));
  const connection = computed(() =>
    list.value.filter((v) => scopeKindOf(v.scope) === 'connection'),
  );
  const collection = computed(() =>
    list.value.filter((v) => scopeKindOf(v.scope) === 'collection'),
  );

  async function load(ctx: VariablesContext = context.value): Promise<void> {
    context.value = { ...ctx };
    const seq = ++loadSeq;
    loading.value = true;
    try {
      const input: VariablesContext = {};
      if (ctx.connectionId) input.connectionId = ctx.connectionId;
      if (ctx.collectionId) input.collectionId = ctx.collectionId;
      const found = await api.call('variables:list', input);
      if (seq !== loadSeq) return;
      list.value = found;
      loadError.value = null;
    } catch (err) {
      if (seq !== loadSeq) return;
      loadError.value = toApiError(err).toShape();
    } finally {
      if (seq === loadSeq) loading.value = false;
    }
  }

  function upsert(variable: VariableInfo): void {
    const rest = list.value.filter(
      (v) => !(v.name === variable.name && sameScope(v.scope, variable.scope)),
    );
    list.value = [...rest, variable].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    revision.value += 1;
  }

  async function send(edit: VariableEdit, storage: VariableStorage): Promise<SaveOutcome> {
    try {
      const variable = await api.call('variables:set', {
        scope: plainScope(edit.scope),
        name: edit.name,
        value: edit.value,
        secret: edit.secret,
        storage,
      });
      upsert(variable);
      return { status: 'saved', variable };
    } catch (err) {
      const error = toApiError(err).toShape();
      if (edit.secret && error.code === 'keychain_unavailable') {
        return { status: 'needs-choice', message: error.message };
      }
      return { status: 'failed', error };
    }
  }

  /**
   * Saves one variable. When the keychain is unavailable the secret value is held only
   * until the operator picks "Keep for this session only" or dismisses — the store
   * never falls back to session storage on its own.
   */
  async function save(edit: VariableEdit): Promise<SaveOutcome> {
    busy.value = true;
    try {
      const outcome = await send(edit, 'keychain');
      if (outcome.status === 'needs-choice') {
        pendingValue = edit.value;
        offer.value = { scope: plainScope(edit.scope), name: edit.name, message: outcome.message };
      }
      return outcome;
    } finally {
      busy.value = false;
    }
  }

  function dismissOffer(): void {
    pendingValue = null;
    offer.value = null;
  }

  /** The operator's answer to the offer: the held value goes again with storage 'session'. */
  async function keepForSession(): Promise<VariableInfo | null> {
    const current = offer.value;
    const value = pendingValue;
    dismissOffer();
    if (!current || value === null) return null;
    busy.value = true;
    try {
      const outcome = await send(
        { scope: current.scope, name: current.name, value, secret: true },
        'session',
      );
      if (outcome.status === 'saved') return outcome.variable;
      showError(outcome.status === 'failed' ? new ApiError(outcome.error) : outcome.message);
      return null;
    } finally {
      busy.value = false;
    }
  }

  async function remove(scope: VariableScope, name: string): Promise<boolean> {
    busy.value = true;
    try {
      await api.call('variables:delete', { scope: plainScope(scope), name });
      list.value = list.value.filter((v) => !(v.name === name && sameScope(v.scope, scope)));
      revision.value += 1;
      return true;
    } catch (err) {
      showError(err, `Could not delete {{${name}}}`);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return {
    list,
    context,
    loading,
    busy,
    loadError,
    offer,
    revision,
    global,
    connection,
    collection,
    load,
    save,
    keepForSession,
    dismissOffer,
    remove,
  };
});
