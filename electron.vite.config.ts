import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import { referencePlugin } from './scripts/reference/vite-plugin';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: { index: resolve(root, 'main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot be ES modules; zod is bundled in, not required at run time.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    // The offline reference (docs, catalogs, search index) as lazily loaded virtual modules.
    plugins: [vue(), referencePlugin({ root })],
    build: {
      outDir: resolve(root, 'out/renderer'),
      minify: true,
      // Monaco (~3 MB) is its own lazily loaded chunk; the first load stays small.
      chunkSizeWarningLimit: 4000,
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
  },
});
