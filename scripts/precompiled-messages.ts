/**
 * A Vite plugin that compiles the renderer's locale files at build time, so vue-i18n's message
 * compiler is neither shipped nor run at start (the build drops it: `__INTLIFY_DROP_MESSAGE_COMPILER__`).
 * Each message string becomes the syntax tree vue-i18n's runtime formats directly. The locale
 * files stay plain TypeScript (their type is what keeps the languages in step); a message the
 * compiler rejects fails the build and names its key.
 */
import { baseCompile } from '@intlify/message-compiler'
import { build } from 'esbuild'
import { resolve } from 'node:path'
import type { Plugin } from 'vite'

const LOCALE_FILE = /[\\/]src[\\/]renderer[\\/]src[\\/]locales[\\/][^\\/]+\.ts$/

/** The message tree with every string replaced by its compiled form; `where` names the file. */
export function compileMessages(tree: unknown, where: string, path = ''): unknown {
  if (typeof tree === 'string') {
    return baseCompile(tree, {
      jit: true,
      minify: true,
      location: false,
      onError: (error) => {
        throw new Error(`${where}: the message ${path} does not compile: ${error.message}`)
      },
    }).ast
  }
  if (Array.isArray(tree)) return tree.map((v, i) => compileMessages(v, where, `${path}[${i}]`))
  if (tree && typeof tree === 'object') {
    return Object.fromEntries(
      Object.entries(tree).map(([k, v]) => [
        k,
        compileMessages(v, where, path ? `${path}.${k}` : k),
      ]),
    )
  }
  return tree
}

/**
 * A locale module's default export, evaluated at build time (it imports shared texts), and the
 * files it was built from.
 */
export async function loadLocale(file: string): Promise<{ messages: unknown; inputs: string[] }> {
  const out = await build({
    entryPoints: [file],
    bundle: true,
    format: 'cjs',
    platform: 'neutral',
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  // Plain data and the shared texts it spreads in: run as a CommonJS body, needing no loader.
  const module = { exports: {} as { default?: unknown } }
  new Function('module', 'exports', out.outputFiles[0]?.text ?? '')(module, module.exports)
  return { messages: module.exports.default, inputs: Object.keys(out.metafile.inputs) }
}

export function precompiledMessages(): Plugin {
  return {
    name: 'agent-console:precompiled-messages',
    async transform(_code, id) {
      if (!LOCALE_FILE.test(id)) return null
      const { messages, inputs } = await loadLocale(id)
      // A change to a shared text the locale spreads in compiles the locale again (dev server).
      for (const input of inputs) this.addWatchFile(resolve(input))
      return { code: `export default ${JSON.stringify(compileMessages(messages, id))}`, map: null }
    },
  }
}
