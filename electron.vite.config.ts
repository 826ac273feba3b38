import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'
import { BOOT_CHUNK, RENDERER_DEFINE, RENDERER_PLUGINS } from './vite.web.config'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          // The core runs in a worker thread (src/main/core/worker): its own entry.
          'core-worker': resolve(import.meta.dirname, 'src/main/core/worker/core-worker.ts'),
          // An XLSX export's file is written in a thread of its own (src/main/core/export).
          'export-writer': resolve(
            import.meta.dirname,
            'src/main/core/export/writer-thread-entry.ts',
          ),
        },
        // The shell imports the core's public surface (src/main/core/index.ts), which re-exports
        // all of it; its modules have no import-time effects, so what the shell does not use
        // (the cache, the API client, SQLite itself) stays in the worker's bundle, out of the
        // main process.
        treeshake: { moduleSideEffects: (id) => !id.includes('/src/main/core/') },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() npm packages: bundle everything it imports (zod via
      // the contract) and emit CommonJS, which sandboxed preloads need.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    resolve: { alias: { '@renderer': resolve(import.meta.dirname, 'src/renderer/src') } },
    plugins: RENDERER_PLUGINS,
    define: RENDERER_DEFINE,
    build: {
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') },
        output: { codeSplitting: BOOT_CHUNK },
      },
    },
  },
})
