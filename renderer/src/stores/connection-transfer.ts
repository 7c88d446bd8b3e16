import { ref } from 'vue';
import { defineStore } from 'pinia';
import { api } from '../api/client';
import { downloadText, exportFileName } from '../connections/download';
import { showError, showSuccess } from '../theme/feedback';
import { useConnectionsStore } from './connections';

export interface ImportResult {
  fileName: string;
  imported: string[];
  skipped: string[];
}

/** Export and import of connection files: configs only, never a secret. */
export const useConnectionTransferStore = defineStore('connection-transfer', () => {
  const connections = useConnectionsStore();
  const exporting = ref(false);
  const importing = ref(false);
  const lastImport = ref<ImportResult | null>(null);

  /** All connections, or only `ids`; the file is offered as a normal browser download. */
  async function exportConnections(ids?: string[]): Promise<number> {
    exporting.value = true;
    try {
      const { json, count } = await api.call('connections:export', ids ? { ids } : {});
      downloadText(exportFileName(), json);
      showSuccess(
        `Exported ${count} connection${count === 1 ? '' : 's'} — no secrets included; ` +
          'whoever imports the file enters their own credentials.',
      );
      return count;
    } catch (err) {
      showError(err, 'Could not export the connections');
      return 0;
    } finally {
      exporting.value = false;
    }
  }

  async function importFile(file: File): Promise<ImportResult | null> {
    importing.value = true;
    try {
      const json = await file.text();
      const result = await api.call('connections:import', { json });
      for (const summary of result.imported) connections.upsert(summary);
      lastImport.value = {
        fileName: file.name,
        imported: result.imported.map((c) => c.name),
        skipped: result.skipped,
      };
      return lastImport.value;
    } catch (err) {
      showError(err, `Could not import ${file.name}`);
      return null;
    } finally {
      importing.value = false;
    }
  }

  function dismissImport(): void {
    lastImport.value = null;
  }

  return { exporting, importing, lastImport, exportConnections, importFile, dismissImport };
});
