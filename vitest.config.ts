import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const electronStandIn = fileURLToPath(new URL('./test/stand-ins/electron.ts', import.meta.url));

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        // the Electron shell is unit-tested against a stand-in `electron` module (no binary needed)
        resolve: { alias: { electron: electronStandIn } },
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
