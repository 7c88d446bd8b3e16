import { ref } from 'vue';
import { defineStore } from 'pinia';
import type { AppErrorShape, CodegenResult, CodegenTarget } from '../../../preload/contract';
import { api } from '../api/client';
import { toApiError } from '../api/errors';
import { useRequestPreviewStore } from './request-preview';
import { useTabsStore } from './tabs';

/**
 * Code generation for the active tab's request. Main fills in non-secret variables and
 * turns the credential and secret variables into environment-variable placeholders, so
 * nothing here ever holds a secret.
 */
export const useCodegenStore = defineStore('codegen', () => {
  const tabs = useTabsStore();
  const preview = useRequestPreviewStore();
  /** The last target picked; kept for the session so the dialog reopens on it. */
  const target = ref<CodegenTarget>('curl');
  const result = ref<CodegenResult | null>(null);
  const error = ref<AppErrorShape | null>(null);
  const loading = ref(false);
  let seq = 0;

  async function generate(next: CodegenTarget = target.value): Promise<CodegenResult | null> {
    target.value = next;
    const mine = ++seq;
    const spec = preview.specOfTab(tabs.active);
    if (!spec) {
      result.value = null;
      error.value = {
        code: 'unknown_connection',
        message: 'Choose a connection first (the demo tenant is always available).',
      };
      return null;
    }
    loading.value = true;
    try {
      const out = await api.call('codegen:generate', { spec, target: next });
      if (mine !== seq) return null;
      result.value = out;
      error.value = null;
      return out;
    } catch (err) {
      if (mine !== seq) return null;
      result.value = null;
      error.value = toApiError(err).toShape();
      return null;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  function reset(): void {
    seq += 1;
    result.value = null;
    error.value = null;
    loading.value = false;
  }

  return { target, result, error, loading, generate, reset };
});
