import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import type { ConfirmationRequest } from '../../../preload/contract';

/** The operator's answer, sent back with the same request as `confirmation`. */
export interface ConfirmationAnswer {
  token: string;
  typedName?: string;
}

/**
 * The production confirmation main asks for before a mutating request: one
 * question at a time, answered by Confirm (with main's token) or Cancel (nothing sent).
 */
export const useConfirmationStore = defineStore('confirmation', () => {
  const pending = ref<ConfirmationRequest | null>(null);
  const typedName = ref('');
  let resolve: ((answer: ConfirmationAnswer | null) => void) | null = null;

  /** A destructive request needs the connection's name typed exactly, case and spaces included. */
  const canConfirm = computed(() => {
    const req = pending.value;
    if (!req) return false;
    return !req.destructive || typedName.value === req.connectionName;
  });

  function settle(answer: ConfirmationAnswer | null): void {
    const done = resolve;
    resolve = null;
    pending.value = null;
    typedName.value = '';
    done?.(answer);
  }

  function ask(request: ConfirmationRequest): Promise<ConfirmationAnswer | null> {
    // A newer question replaces an unanswered one; the older request is not sent.
    if (resolve) settle(null);
    pending.value = request;
    typedName.value = '';
    return new Promise((r) => {
      resolve = r;
    });
  }

  function confirm(): boolean {
    const req = pending.value;
    if (!req || !canConfirm.value) return false;
    settle(
      req.destructive ? { token: req.token, typedName: typedName.value } : { token: req.token },
    );
    return true;
  }

  function cancel(): void {
    settle(null);
  }

  return { pending, typedName, canConfirm, ask, confirm, cancel };
});
