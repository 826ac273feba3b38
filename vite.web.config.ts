/** The renderer built on its own, for the browser host (`npm run web`) and the end-to-end tests. */
import vue from '@vitejs/plugin-vue'
import { resolve } from 'node:path'
import { defineConfig } from 'vite'

export default defineConfig({
  root: resolve(import.meta.dirname, 'src/renderer'),
  base: './',
  resolve: { alias: { '@renderer': resolve(import.meta.dirname, 'src/renderer/src') } },
  plugins: [vue()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
})
