/**
 * Serves the offline reference to the renderer as virtual modules, one per part, so each
 * dynamic `import()` becomes its own chunk and the first load stays small:
 *
 *   virtual:reference/index                       ReferenceIndex (sidebar; small)
 *   virtual:reference/catalog/<product>           Catalog
 *   virtual:reference/docs                        Record<page id, DocPage>
 *   virtual:reference/search                      { index: string } (MiniSearch JSON)
 *   virtual:reference/openapi/<product>           OpenAPI 3.1 document as a JSON string
 *
 * The reference is built once per build; a bad link or a schema error fails the build with
 * every problem listed. In dev and watch mode a change under resources/docs or
 * resources/catalog rebuilds it.
 */
import { readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Plugin } from 'vite';
import { buildReference, PRODUCTS, type ReferenceBundle } from './bundle';

const PREFIX = 'virtual:reference/';

export const REFERENCE_MODULES = [
  'index',
  'docs',
  'search',
  ...PRODUCTS.map((p) => `catalog/${p}`),
  ...PRODUCTS.map((p) => `openapi/${p}`),
].map((name) => `${PREFIX}${name}`);

export interface ReferencePluginOptions {
  /** The repository root (resources/docs and resources/catalog live under it). */
  root: string;
  /** Replaces `buildReference` (tests). */
  build?: (root: string) => Promise<ReferenceBundle>;
}

/** A module whose default export is `value`; `JSON.parse` of a literal parses faster than JS. */
function jsonModule(value: unknown): string {
  return `export default JSON.parse(${JSON.stringify(JSON.stringify(value))});\n`;
}

export function moduleCode(id: string, bundle: ReferenceBundle): string | undefined {
  const name = id.slice(PREFIX.length);
  if (name === 'index') return jsonModule(bundle.index);
  if (name === 'docs') return jsonModule(bundle.docs);
  if (name === 'search')
    return `export default { index: ${JSON.stringify(bundle.search.index)} };\n`;
  for (const product of PRODUCTS) {
    if (name === `catalog/${product}`) return jsonModule(bundle.catalogs[product]);
    if (name === `openapi/${product}`)
      return `export default ${JSON.stringify(bundle.openapi[product])};\n`;
  }
  return undefined;
}

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

export function referencePlugin(options: ReferencePluginOptions): Plugin {
  const build = options.build ?? buildReference;
  const watched = [
    join(options.root, 'resources', 'docs'),
    join(options.root, 'resources', 'catalog'),
  ];
  const isSource = (file: string) =>
    watched.some((dir) => file === dir || file.startsWith(dir + sep));
  let isBuild = false;
  let cached: Promise<ReferenceBundle> | undefined;

  const reference = (): Promise<ReferenceBundle> => {
    if (!cached) {
      const started = build(options.root);
      cached = started;
      // A failed build is not cached: the next load (after the author's fix) tries again.
      started.catch(() => {
        if (cached === started) cached = undefined;
      });
    }
    return cached;
  };
  const failure = (error: unknown) =>
    `The offline reference did not build.\n${error instanceof Error ? error.message : String(error)}`;

  return {
    name: 'sentinel-reference',
    configResolved(config) {
      isBuild = config.command === 'build';
    },
    async buildStart() {
      for (const dir of watched) {
        this.addWatchFile(dir);
        for (const file of filesUnder(dir)) this.addWatchFile(file);
      }
      // Fail `npm run build` even before the renderer imports a reference module.
      if (isBuild) {
        try {
          await reference();
        } catch (error) {
          this.error(failure(error));
        }
      }
    },
    resolveId(id) {
      return REFERENCE_MODULES.includes(id) ? `\0${id}` : undefined;
    },
    async load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return undefined;
      let bundle: ReferenceBundle;
      try {
        bundle = await reference();
      } catch (error) {
        this.error(failure(error));
      }
      return moduleCode(id.slice(1), bundle);
    },
    watchChange(id) {
      if (isSource(id)) cached = undefined;
    },
    configureServer(server) {
      server.watcher.add(watched);
    },
    handleHotUpdate({ file, server }) {
      if (!isSource(file)) return undefined;
      cached = undefined;
      for (const name of REFERENCE_MODULES) {
        const module = server.moduleGraph.getModuleById(`\0${name}`);
        if (module) server.moduleGraph.invalidateModule(module);
      }
      server.ws.send({ type: 'full-reload' });
      return [];
    },
  };
}
