/**
 * The offline reference, built at build time by `scripts/reference/vite-plugin.ts`. Load
 * each with a dynamic `import()` so it becomes its own chunk.
 */
declare module 'virtual:reference/index' {
  const index: import('./types').ReferenceIndex;
  export default index;
}

declare module 'virtual:reference/docs' {
  /** Every page by id. */
  const docs: Record<string, import('./types').DocPage>;
  export default docs;
}

declare module 'virtual:reference/search' {
  const search: import('./types').SearchBundle;
  export default search;
}

declare module 'virtual:reference/catalog/sentinelone' {
  const catalog: import('./types').Catalog;
  export default catalog;
}

declare module 'virtual:reference/catalog/sentinel-secure-x' {
  const catalog: import('./types').Catalog;
  export default catalog;
}

declare module 'virtual:reference/openapi/sentinelone' {
  /** The OpenAPI 3.1 document, serialized (offer it as a download as is). */
  const openapi: string;
  export default openapi;
}

declare module 'virtual:reference/openapi/sentinel-secure-x' {
  /** The OpenAPI 3.1 document, serialized (offer it as a download as is). */
  const openapi: string;
  export default openapi;
}
