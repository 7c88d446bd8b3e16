import { ref } from 'vue';
import { defineStore } from 'pinia';
import type { Diagnosis } from '../../../preload/contract';
import { api } from '../api/client';
import { toApiError } from '../api/errors';

/** "Test connection": one cheap authenticated call per connection, and main's diagnosis of it. */
export const useConnectionTestsStore = defineStore('connection-tests', () => {
  const results = ref<Record<string, Diagnosis>>({});
  const running = ref<Record<string, boolean>>({});

  async function run(id: string): Promise<Diagnosis> {
    running.value = { ...running.value, [id]: true };
    let diagnosis: Diagnosis;
    try {
      diagnosis = await api.call('connections:test', { id });
    } catch (err) {
      // The test itself could not run (unknown connection, no credential): still a red card.
      const error = toApiError(err);
      diagnosis = {
        ok: false,
        code: error.code,
        title: 'The test could not run',
        message: error.message,
      };
    } finally {
      running.value = { ...running.value, [id]: false };
    }
    results.value = { ...results.value, [id]: diagnosis };
    return diagnosis;
  }

  function forget(id: string): void {
    const next = { ...results.value };
    delete next[id];
    results.value = next;
  }

  return { results, running, run, forget };
});
