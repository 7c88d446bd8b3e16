/**
 * Everything the offline reference ships, built in one pass at build time: the small sidebar
 * index, both catalogs, the rendered pages, the search index and the OpenAPI exports. The
 * Vite plugin (`vite-plugin.ts`) serves each part as its own lazily loaded module.
 */
import { join } from 'node:path';
import type { Catalog, Endpoint, Product } from '../../preload/schemas/catalog';
import type {
  DocPage,
  DocSummary,
  EndpointSummary,
  ReferenceIndex,
  SearchBundle,
} from '../../renderer/src/reference/types';
import { buildCatalogs } from './catalog';
import { loadDocs, renderMarkdownFragments, sortDocs, type MarkdownFragment } from './docs';
import { bodySchema, toOpenApi } from './openapi';
import { buildSearchIndex } from './search-build';

export const PRODUCTS = ['sentinelone', 'sentinel-secure-x'] as const satisfies Product[];

export type Catalogs = Record<Product, Catalog>;

export interface ReferenceBundle {
  index: ReferenceIndex;
  catalogs: Catalogs;
  docs: Record<string, DocPage>;
  search: SearchBundle;
  /** OpenAPI 3.1 documents as compact JSON (the SentinelOne one is megabytes when indented). */
  openapi: Record<Product, string>;
}

export interface AssembleOptions {
  /** The folder with the section folders (`resources/docs` in the repository). */
  docsDir: string;
  catalogs: Catalogs;
  toOpenApi: (catalog: Catalog) => object;
}

/** Builds the reference from the repository at `root` (catalogs, docs, search, OpenAPI). */
export async function buildReference(root: string): Promise<ReferenceBundle> {
  const catalogs = await buildCatalogs(root);
  return assembleReference({ docsDir: join(root, 'resources', 'docs'), catalogs, toOpenApi });
}

/** The same from given catalogs (tests use fixtures). */
export async function assembleReference(options: AssembleOptions): Promise<ReferenceBundle> {
  const { catalogs } = options;
  const endpointIds = PRODUCTS.flatMap((p) => catalogs[p].endpoints.map((e) => e.id));
  const pages = await loadDocs(options.docsDir, { endpointIds });
  const docs = Object.fromEntries(pages.map((p) => [p.id, p]));
  const rendered = await renderCatalogMarkdown(catalogs, pages, endpointIds);
  const index: ReferenceIndex = {
    docs: sortDocs(pages.map(toSummary)),
    products: PRODUCTS.map((product) => productIndex(catalogs[product])),
  };
  const search = {
    index: buildSearchIndex({ docs: pages, catalogs: PRODUCTS.map((p) => catalogs[p]) }),
  };
  const openapi = Object.fromEntries(
    PRODUCTS.map((p) => [p, JSON.stringify(options.toOpenApi(catalogs[p]))]),
  ) as Record<Product, string>;
  return { index, catalogs: rendered, docs, search, openapi };
}

/**
 * The catalogs as the renderer gets them: each endpoint's description and notes also as
 * sanitized HTML (`descriptionHtml`, `notesHtml`), so the app needs no Markdown parser.
 */
async function renderCatalogMarkdown(
  catalogs: Catalogs,
  pages: DocPage[],
  endpointIds: string[],
): Promise<Catalogs> {
  const fragments: MarkdownFragment[] = [];
  for (const product of PRODUCTS) {
    for (const e of catalogs[product].endpoints) {
      const file = `resources/catalog/${product} (${e.id})`;
      if (e.description) fragments.push({ key: `${e.id}#description`, file, text: e.description });
      if (e.notes) fragments.push({ key: `${e.id}#notes`, file, text: e.notes });
    }
  }
  const html = await renderMarkdownFragments(fragments, pages, endpointIds);
  const withHtml = (catalog: Catalog): Catalog => ({
    ...catalog,
    endpoints: catalog.endpoints.map((e) => {
      const descriptionHtml = html.get(`${e.id}#description`);
      const notesHtml = html.get(`${e.id}#notes`);
      // The explorer's body editor validates against this (JSON Schema of the body fields).
      const bodyJsonSchema = e.body?.fields.length ? bodySchema(e.body.fields) : undefined;
      return {
        ...e,
        ...(descriptionHtml ? { descriptionHtml } : {}),
        ...(notesHtml ? { notesHtml } : {}),
        ...(bodyJsonSchema ? { bodyJsonSchema } : {}),
      } as Catalog['endpoints'][number];
    }),
  });
  return {
    sentinelone: withHtml(catalogs.sentinelone),
    'sentinel-secure-x': withHtml(catalogs['sentinel-secure-x']),
  };
}

function toSummary(page: DocPage): DocSummary {
  const { id, title, section, group, order, summary, seed } = page;
  return { id, title, section, group, order, summary, ...(seed !== undefined ? { seed } : {}) };
}

function productIndex(catalog: Catalog): ReferenceIndex['products'][number] {
  const byGroup = new Map<string, EndpointSummary[]>();
  for (const endpoint of catalog.endpoints) {
    const list = byGroup.get(endpoint.group) ?? [];
    list.push(endpointSummary(endpoint));
    byGroup.set(endpoint.group, list);
  }
  const groups = catalog.groups.map((g) => ({
    id: g.id,
    title: g.title,
    description: g.description,
    endpoints: byGroup.get(g.id) ?? [],
  }));
  // An endpoint whose group the catalog does not list still has to be reachable.
  for (const [id, endpoints] of byGroup) {
    if (!catalog.groups.some((g) => g.id === id))
      groups.push({ id, title: id, description: '', endpoints });
  }
  return { product: catalog.product, title: catalog.title, baseUrl: catalog.baseUrl, groups };
}

function endpointSummary(e: Endpoint): EndpointSummary {
  return {
    id: e.id,
    product: e.product,
    method: e.method,
    path: e.path,
    summary: e.summary,
    group: e.group,
    status: e.status,
    documented: e.documented,
    flags: e.flags,
  };
}
