/** The renderer built on its own, for the browser host (`npm run web`) and the end-to-end tests. */
import vue from '@vitejs/plugin-vue'
import { resolve } from 'node:path'
import { defineConfig } from 'vite'

/**
 * Compile-time switches for the renderer's libraries, shared with electron.vite.config.ts: the
 * code for features the app never uses is left out of the first load (vue-i18n's legacy API and
 * global components, Vue's Options API: every component here, naive-ui's too, uses setup()).
 */
export const RENDERER_DEFINE = {
  __VUE_OPTIONS_API__: 'false',
  __VUE_PROD_DEVTOOLS__: 'false',
  __VUE_I18N_LEGACY_API__: 'false',
  __VUE_I18N_FULL_INSTALL__: 'false',
  __INTLIFY_PROD_DEVTOOLS__: 'false',
}

export default defineConfig({
  root: resolve(import.meta.dirname, 'src/renderer'),
  define: RENDERER_DEFINE,
  base: './',
  resolve: { alias: { '@renderer': resolve(import.meta.dirname, 'src/renderer/src') } },
  plugins: [vue()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
})
