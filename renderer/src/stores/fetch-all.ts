import { reactive } from 'vue';
import { defineStore } from 'pinia';
import type {
  AppErrorShape,
  EventPayload,
  FetchAllResult,
  RequestSpec,
} from '../../../preload/contract';
import { api } from '../api/client';
import { toApiError } from '../api/errors';
import { downloadBlob } from '../connections/download';
import { showError, showSuccess } from '../theme/feedback';

export type ExportFormat = 'json' | 'ndjson' | 'csv';

/** One "fetch all pages" run, shown under the response it started from. */
export interface FetchJob {
  fetchId: string;
  tabId: string;
  maxItems: number;
  running: boolean;
  cancelling: boolean;
  progress: EventPayload<'paging:progress'> | null;
  result: FetchAllResult | null;
  error: AppErrorShape | null;
  /** The first items of the merged result, parsed, for a look before exporting. */
  preview: unknown[];
  exporting: ExportFormat | null;
}

const PREVIEW_BYTES = 256 * 1024;
const PREVIEW_ITEMS = 200;
let seq = 0;

/** Parses the whole lines of a JSON Lines chunk (a cut-off last line is left out). */
export function parseJsonLines(text: string, max: number): unknown[] {
  const lines = text.split('\n');
  if (!text.endsWith('\n')) lines.pop();
  const out: unknown[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    out.push(JSON.parse(line));
    if (out.length >= max) break;
  }
  return out;
}

/**
 * Fetch all pages of a cursor-paged list: main pages it through the rate-limit
 * pacer into a file (never the renderer's memory); the renderer shows progress,
 * a preview, and exports the merged result in chunks.
 */
export const useFetchAllStore = defineStore('fetch-all', () => {
  const jobs = reactive<Record<string, FetchJob>>({});

  api.on('paging:progress', (p) => {
    const job = Object.values(jobs).find((j) => j.fetchId === p.fetchId);
    if (job) job.progress = p;
  });

  function jobOf(tabId: string): FetchJob | null {
    return jobs[tabId] ?? null;
  }

  async function start(tabId: string, spec: RequestSpec, maxItems: number): Promise<void> {
    if (jobs[tabId]?.running) return;
    seq += 1;
    const fetchId = `f${Date.now().toString(36)}${seq}`;
    const job = reactive<FetchJob>({
      fetchId,
      tabId,
      maxItems,
      running: true,
      cancelling: false,
      progress: null,
      result: null,
      error: null,
      preview: [],
      exporting: null,
    });
    jobs[tabId] = job;
    try {
      const result = await api.call('paging:fetch-all', { fetchId, spec, maxItems });
      job.result = result;
      if (result.items > 0) {
        const first = await api.call('paging:read', {
          fileId: result.fileId,
          offset: 0,
          length: PREVIEW_BYTES,
        });
        job.preview = parseJsonLines(first.text, PREVIEW_ITEMS);
      }
    } catch (err) {
      job.error = toApiError(err).toShape();
    } finally {
      job.running = false;
      job.cancelling = false;
    }
  }

  async function cancel(tabId: string): Promise<void> {
    const job = jobs[tabId];
    if (!job?.running || job.cancelling) return;
    job.cancelling = true;
    try {
      await api.call('paging:cancel', { fetchId: job.fetchId });
    } catch (err) {
      job.cancelling = false;
      showError(err, 'Could not stop the fetch');
    }
  }

  /** Exports in main, then reads the file in 1 MiB chunks into a Blob to download. */
  async function exportAs(tabId: string, format: ExportFormat): Promise<void> {
    const job = jobs[tabId];
    if (!job?.result || job.exporting) return;
    job.exporting = format;
    try {
      const exported = await api.call('paging:export', { fileId: job.result.fileId, format });
      const parts: string[] = [];
      let offset = 0;
      for (;;) {
        const chunk = await api.call('paging:read', { fileId: exported.fileId, offset });
        parts.push(chunk.text);
        if (chunk.eof) break;
        offset = chunk.nextOffset;
      }
      const type =
        format === 'csv'
          ? 'text/csv'
          : format === 'ndjson'
            ? 'application/x-ndjson'
            : 'application/json';
      const day = new Date().toISOString().slice(0, 10);
      downloadBlob(
        `sentinel-export-${day}.${format === 'ndjson' ? 'ndjson' : format}`,
        new Blob(parts, { type }),
      );
      showSuccess(`Exported ${exported.rows} rows as ${format.toUpperCase()}.`);
    } catch (err) {
      showError(err, 'Could not export');
    } finally {
      job.exporting = null;
    }
  }

  function dismiss(tabId: string): void {
    if (!jobs[tabId]?.running) delete jobs[tabId];
  }

  return { jobs, jobOf, start, cancel, exportAs, dismiss };
});
