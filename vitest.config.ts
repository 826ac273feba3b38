import vue from '@vitejs/plugin-vue'
import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

/**
 * Files that start other processes (the CLI, the hub, the sandbox's own main, packaging scripts) or
 * kill them mid-write: they are slow, so they run as their own project, still part of `npm test`.
 */
const INTEGRATION = [
  'test/cli/**/*.test.ts',
  'test/scripts/**/*.test.ts',
  'test/core/db/concurrent-migrations.test.ts',
  'test/core/sync/sync-sigkill.test.ts',
  'test/core/outbox/two-processes.test.ts',
  'test/core/hub-client/hub-follow.test.ts',
  'test/hub/hub-lifecycle.test.ts',
  'test/hub/hub-feed.test.ts',
  'test/hub/hub-desktops.test.ts',
  'test/sandbox/main.test.ts',
  'test/main/built-shell.test.ts',
]

export default defineConfig({
  resolve: { alias: { '@renderer': resolve(import.meta.dirname, 'src/renderer/src') } },
  test: {
    globalSetup: ['test/helpers/temp-root.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/renderer/**', 'test/desktop/**', ...INTEGRATION],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: INTEGRATION,
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        plugins: [vue()],
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.ts'],
          environment: 'happy-dom',
          testTimeout: 20_000,
        },
      },
      {
        // Needs Electron's binary and `npm run build`; never part of `npm test`.
        extends: true,
        test: {
          name: 'desktop',
          include: ['test/desktop/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
