import { ref } from 'vue';
import { defineStore } from 'pinia';
import type { AppErrorShape, SecretKindName, SecretStatus } from '../../../preload/contract';
import { api } from '../api/client';
import { ApiError, toApiError } from '../api/errors';
import { showError } from '../theme/feedback';
import { useConnectionsStore } from './connections';

export type SecretStorage = 'keychain' | 'session';

export interface KeychainStatus {
  available: boolean;
  message?: string;
}

/** What `store` did: saved, waiting for the operator's choice, or failed with main's error. */
export type StoreOutcome =
  | { status: 'saved'; secret: SecretStatus }
  | { status: 'needs-choice'; message: string }
  | { status: 'failed'; error: AppErrorShape };

/** Shown while a keychain failure waits for "Keep for this session only" or a dismissal. */
export interface SessionOnlyOffer {
  connectionId: string;
  kinds: SecretKindName[];
  message: string;
}

export const useSecretsStore = defineStore('secrets', () => {
  const connections = useConnectionsStore();
  const keychain = ref<KeychainStatus | null>(null);
  const offer = ref<SessionOnlyOffer | null>(null);
  const busy = ref(false);
  /**
   * Values waiting for the operator's answer to the offer. Deliberately not
   * reactive and not returned: no devtools panel, no component and no log can
   * read them, and they are dropped as soon as the operator answers.
   */
  let pending: { kind: SecretKindName; value: string }[] = [];

  async function checkKeychain(refresh = false): Promise<KeychainStatus | null> {
    try {
      keychain.value = await api.call('secrets:keychain-status', { refresh });
    } catch (err) {
      showError(err, 'Could not ask whether the keychain is available');
    }
    return keychain.value;
  }

  function dismissOffer(): void {
    pending = [];
    offer.value = null;
  }

  async function send(
    connectionId: string,
    kind: SecretKindName,
    value: string,
    storage: SecretStorage,
  ): Promise<StoreOutcome> {
    try {
      const secret = await api.call('secrets:set', { connectionId, kind, value, storage });
      connections.applySecretStatus(connectionId, secret);
      return { status: 'saved', secret };
    } catch (err) {
      const error = toApiError(err).toShape();
      if (error.code !== 'keychain_unavailable') return { status: 'failed', error };
      keychain.value = { available: false, message: error.message };
      return { status: 'needs-choice', message: error.message };
    }
  }

  /**
   * Hands one value to main. When the keychain is unavailable the value is held
   * only until the operator picks "Keep for this session only" or dismisses the
   * warning — the store never falls back to session storage on its own.
   */
  async function store(
    connectionId: string,
    kind: SecretKindName,
    value: string,
    storage: SecretStorage,
  ): Promise<StoreOutcome> {
    busy.value = true;
    try {
      const outcome = await send(connectionId, kind, value, storage);
      if (outcome.status === 'needs-choice') {
        pending = [...pending.filter((p) => p.kind !== kind), { kind, value }];
        const kinds = pending.map((p) => p.kind);
        offer.value = { connectionId, kinds, message: outcome.message };
      }
      return outcome;
    } finally {
      busy.value = false;
    }
  }

  /** The operator's answer to the offer: re-sends the held values with storage 'session'. */
  async function keepForSession(): Promise<SecretStatus[]> {
    const current = offer.value;
    const values = pending;
    dismissOffer();
    if (!current) return [];
    busy.value = true;
    const saved: SecretStatus[] = [];
    try {
      for (const { kind, value } of values) {
        const outcome = await send(current.connectionId, kind, value, 'session');
        if (outcome.status === 'saved') saved.push(outcome.secret);
        else if (outcome.status === 'failed') showError(new ApiError(outcome.error));
        else showError(outcome.message);
      }
    } finally {
      busy.value = false;
    }
    return saved;
  }

  async function clear(connectionId: string, kind: SecretKindName): Promise<SecretStatus | null> {
    try {
      const status = await api.call('secrets:clear', { connectionId, kind });
      connections.applySecretStatus(connectionId, status);
      return status;
    } catch (err) {
      showError(err, 'Could not remove the stored secret');
      return null;
    }
  }

  return { keychain, offer, busy, checkKeychain, store, keepForSession, dismissOffer, clear };
});
