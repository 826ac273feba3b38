/** The renderer built on its own, for the browser host (`npm run web`) and the end-to-end tests. */
import vue from '@vitejs/plugin-vue'
import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import { precompiledMessages } from './scripts/precompiled-messages.ts'

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
  // The messages are compiled at build time (RENDERER_PLUGINS), so the compiler is left out.
  __INTLIFY_DROP_MESSAGE_COMPILER__: 'true',
}

/** The renderer's build plugins, shared with electron.vite.config.ts like the switches above. */
export const RENDERER_PLUGINS = [vue(), precompiledMessages()]

/**
 * What the first screen needs, in one file: `main.ts` and everything it imports statically. Split
 * by library into some 36 small files, the browser asked for them together and waited longer for
 * them than it took to run them; screens loaded on first use keep their own chunks and share this.
 */
export const BOOT_CHUNK = {
  groups: [{ name: 'boot', test: /[\\/]src[\\/]renderer[\\/]src[\\/]main\.ts$/ }],
}

export default defineConfig({
  root: resolve(import.meta.dirname, 'src/renderer'),
  define: RENDERER_DEFINE,
  base: './',
  resolve: { alias: { '@renderer': resolve(import.meta.dirname, 'src/renderer/src') } },
  plugins: RENDERER_PLUGINS,
  build: {
    outDir: resolve(import.meta.dirname, 'out/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: { output: { codeSplitting: BOOT_CHUNK } },
  },
})
