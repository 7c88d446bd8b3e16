import { computed, shallowRef, watch } from 'vue';
import { defineStore } from 'pinia';
import type { Catalog, Product } from '../../../preload/contract';
import { findEndpoint, type RenderedEndpoint } from '../reference/endpoint-match';
import { useConnectionsStore } from './connections';
import { useReferenceStore } from './reference';
import { useTabsStore } from './tabs';

const MATCH_DELAY_MS = 120;

/** A path parameter of the matched endpoint, with its value in the typed path. */
export interface PathParamValue {
  name: string;
  /** Index of the segment in the typed path (no leading slash). */
  segment: number;
  value: string;
  description?: string;
}

function productOf(kind: string | undefined): Product | null {
  return kind === 'sentinelone' || kind === 'sentinel-secure-x' ? kind : null;
}

function pathOnly(path: string): string {
  return path.split('?')[0]!.replace(/^\/+/, '');
}

/**
 * What the catalog knows about the request in the active tab: its endpoint
 * (for the parameter form, the body schema and Try-it style hints) and the
 * catalog paths of the connection's product for autocompletion.
 */
export const useRequestFormStore = defineStore('request-form', () => {
  const tabs = useTabsStore();
  const connections = useConnectionsStore();
  const reference = useReferenceStore();
  const catalog = shallowRef<Catalog | null>(null);
  const endpoint = shallowRef<RenderedEndpoint | null>(null);
  let timer: ReturnType<typeof setTimeout> | null = null;

  const product = computed(() => {
    const t = tabs.active;
    const conn = t.connectionId ? connections.byId(t.connectionId) : connections.selected;
    return productOf(conn?.kind);
  });

  async function match(): Promise<void> {
    const p = product.value;
    if (!p) {
      catalog.value = null;
      endpoint.value = null;
      return;
    }
    const loaded = await reference.ensureCatalog(p);
    catalog.value = loaded;
    const t = tabs.active;
    endpoint.value = loaded
      ? ((findEndpoint(loaded, t.draft.method, `/${pathOnly(t.draft.path)}`) as RenderedEndpoint) ??
        null)
      : null;
  }

  watch(
    () => [
      product.value,
      tabs.activeId,
      tabs.active.draft.method,
      pathOnly(tabs.active.draft.path),
    ],
    () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void match(), MATCH_DELAY_MS);
    },
    { immediate: true },
  );

  /** The matched endpoint's path parameters and what the path currently has in their place. */
  const pathParams = computed<PathParamValue[]>(() => {
    const e = endpoint.value;
    if (!e) return [];
    const pattern = e.path.replace(/^\/+/, '').split('/');
    const typed = pathOnly(tabs.active.draft.path).split('/');
    return pattern.flatMap((segment, i) => {
      const m = /^\{(.+)\}$/.exec(segment);
      if (!m) return [];
      const param = e.params.find((p) => p.in === 'path' && p.name === m[1]);
      return [{ name: m[1]!, segment: i, value: typed[i] ?? '', description: param?.description }];
    });
  });

  /** Puts a value in place of a path parameter, keeping the query string as typed. */
  function setPathParam(param: PathParamValue, value: string): void {
    const draft = tabs.active.draft;
    const [path, ...query] = draft.path.split('?');
    const lead = path!.startsWith('/') ? '/' : '';
    const segments = path!.replace(/^\/+/, '').split('/');
    segments[param.segment] = value === '' ? `{${param.name}}` : encodeURIComponent(value);
    draft.path = lead + segments.join('/') + (query.length ? `?${query.join('?')}` : '');
  }

  /** Catalog paths for the path field's autocompletion, relative like the field itself. */
  function suggestions(
    typed: string,
    limit = 12,
  ): { label: string; value: string; method: string }[] {
    const c = catalog.value;
    if (!c) return [];
    const q = pathOnly(typed).toLowerCase();
    if (!q) return [];
    const seen = new Set<string>();
    const out: { label: string; value: string; method: string }[] = [];
    for (const e of c.endpoints) {
      const value = e.path.replace(/^\/+/, '');
      if (!value.toLowerCase().startsWith(q) || e.status === 'corrected') continue;
      const key = `${e.method} ${value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ label: `${e.method} ${value} — ${e.summary}`, value, method: e.method });
      if (out.length >= limit) break;
    }
    return out;
  }

  return { product, catalog, endpoint, pathParams, setPathParam, suggestions, match };
});
