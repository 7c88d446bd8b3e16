import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        plugins: [vue()],
        resolve: {
          alias: [
            {
              find: /^virtual:reference\/.*$/,
              replacement: new URL('./test/fixtures/reference-virtual-stub.ts', import.meta.url)
                .pathname,
            },
          ],
        },
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['test/renderer/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
