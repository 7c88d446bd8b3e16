import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { AppErrorShape, Catalog, Endpoint, Product } from '../../../preload/contract';
import { toApiError } from '../api/errors';
import { downloadText } from '../connections/download';
import { hintFor, productOfEndpointId, type CatalogHint } from '../reference/endpoint-match';
import * as loaders from '../reference/loaders';
import type { ReferenceSearch, SearchResults } from '../reference/search';
import type { DocPage, ReferenceIndex } from '../reference/types';
import { showError, showSuccess } from '../theme/feedback';

/**
 * The offline reference: the index (small, first), then pages, catalogs and the
 * search index as the reader needs them. All of it is built into the app.
 */
export const useReferenceStore = defineStore('reference', () => {
  const index = shallowRef<ReferenceIndex | null>(null);
  const docs = shallowRef<Record<string, DocPage> | null>(null);
  const catalogs = shallowRef<Partial<Record<Product, Catalog>>>({});
  const error = ref<AppErrorShape | null>(null);
  const loading = ref(false);
  let searcher: Promise<ReferenceSearch> | null = null;

  function fail(err: unknown, what: string): void {
    const shape = toApiError(err).toShape();
    error.value = { ...shape, message: `${what}: ${shape.message}` };
  }

  async function ensureIndex(): Promise<ReferenceIndex | null> {
    if (index.value) return index.value;
    loading.value = true;
    try {
      index.value = await loaders.loadIndex();
    } catch (err) {
      fail(err, 'The reference could not be loaded');
    } finally {
      loading.value = false;
    }
    return index.value;
  }

  async function ensureDocs(): Promise<Record<string, DocPage> | null> {
    if (docs.value) return docs.value;
    try {
      docs.value = await loaders.loadDocs();
    } catch (err) {
      fail(err, 'The documentation pages could not be loaded');
    }
    return docs.value;
  }

  async function ensureCatalog(product: Product): Promise<Catalog | null> {
    const have = catalogs.value[product];
    if (have) return have;
    try {
      const catalog = await loaders.loadCatalog(product);
      catalogs.value = { ...catalogs.value, [product]: catalog };
      return catalog;
    } catch (err) {
      fail(err, 'The API catalog could not be loaded');
      return null;
    }
  }

  async function endpoint(id: string): Promise<Endpoint | null> {
    const product = productOfEndpointId(id);
    if (!product) return null;
    const catalog = await ensureCatalog(product);
    return catalog?.endpoints.find((e) => e.id === id) ?? null;
  }

  function search(query: string, limit = 30): Promise<SearchResults> {
    // MiniSearch and the index load together, on the first search: the explorer starts without them.
    searcher ??= Promise.all([loaders.loadSearchIndex(), import('../reference/search')]).then(
      ([json, { createSearch }]) => createSearch(json),
    );
    return searcher.then((s) => s.search(query, { limit }));
  }

  /** The note for a 404/405 on an endpoint the seed got wrong, or null. */
  async function hint(
    product: Product,
    method: string,
    pathname: string,
    status: number,
  ): Promise<CatalogHint | null> {
    if (status !== 404 && status !== 405) return null;
    const catalog = await ensureCatalog(product);
    return catalog ? hintFor(catalog, method, pathname, status) : null;
  }

  async function exportOpenApi(product: Product): Promise<void> {
    try {
      const json = await loaders.loadOpenApi(product);
      const name = product === 'sentinelone' ? 'sentinelone-v2.1' : 'sentinel-secure-x';
      downloadText(`${name}.openapi.json`, json);
      showSuccess(`Saved ${name}.openapi.json (OpenAPI 3.1).`);
    } catch (err) {
      showError(err, 'Could not export the OpenAPI file');
    }
  }

  const productTitles = computed(() =>
    Object.fromEntries((index.value?.products ?? []).map((p) => [p.product, p.title])),
  );

  return {
    index,
    docs,
    catalogs,
    error,
    loading,
    productTitles,
    ensureIndex,
    ensureDocs,
    ensureCatalog,
    endpoint,
    search,
    hint,
    exportOpenApi,
  };
});
