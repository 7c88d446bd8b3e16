/**
 * The reference's data, built into the app (scripts/reference/vite-plugin.ts)
 * and loaded on first use: each import is its own chunk, so the explorer
 * starts without the catalogs, pages or search index. Tests mock this module.
 */
import type { Catalog, Product } from '../../../preload/contract';
import type { DocPage, ReferenceIndex } from './types';

export async function loadIndex(): Promise<ReferenceIndex> {
  return (await import('virtual:reference/index')).default;
}

export async function loadDocs(): Promise<Record<string, DocPage>> {
  return (await import('virtual:reference/docs')).default;
}

export async function loadCatalog(product: Product): Promise<Catalog> {
  return product === 'sentinelone'
    ? (await import('virtual:reference/catalog/sentinelone')).default
    : (await import('virtual:reference/catalog/sentinel-secure-x')).default;
}

export async function loadSearchIndex(): Promise<string> {
  return (await import('virtual:reference/search')).default.index;
}

export async function loadOpenApi(product: Product): Promise<string> {
  return product === 'sentinelone'
    ? (await import('virtual:reference/openapi/sentinelone')).default
    : (await import('virtual:reference/openapi/sentinel-secure-x')).default;
}
