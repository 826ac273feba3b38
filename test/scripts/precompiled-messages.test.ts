// The build compiles the locale files' messages (scripts/precompiled-messages.ts) so the app ships
// without vue-i18n's compiler: every message must read exactly as the compiler at run time makes it.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { compileMessages, loadLocale } from '../../scripts/precompiled-messages'

const LOCALES = join(import.meta.dirname, '../../src/renderer/src/locales')

/** Every message's key and text. */
function leaves(tree: unknown, path = ''): Array<[string, string]> {
  if (typeof tree === 'string') return [[path, tree]]
  if (tree && typeof tree === 'object')
    return Object.entries(tree).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k))
  return []
}

describe('messages compiled at build time', () => {
  for (const language of ['zh-TW', 'en'] as const) {
    it(`${language}: each reads as the run-time compiler makes it, with its placeholders filled`, async () => {
      const { messages: source, inputs } = await loadLocale(join(LOCALES, `${language}.ts`))
      expect(inputs.some((f) => f.includes('shared'))).toBe(true)
      const compiled = compileMessages(source, language)
      const make = (messages: unknown) =>
        createI18n({
          legacy: false,
          locale: language,
          messages: { [language]: messages as Record<string, string> },
          missingWarn: false,
          fallbackWarn: false,
        }).global
      const atRun = make(source)
      const atBuild = make(compiled)
      const all = leaves(source)
      expect(all.length).toBeGreaterThan(300)
      for (const [key, text] of all) {
        const names = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '')
        const params = Object.fromEntries(names.map((n, i) => [n, `«${n}${i}»`]))
        expect(atBuild.te(key), key).toBe(true)
        expect(atBuild.t(key, params), key).toBe(atRun.t(key, params))
        expect(atBuild.t(key, 2), key).toBe(atRun.t(key, 2))
        // A named count of one picks an English plural's singular form.
        expect(atBuild.t(key, { ...params, n: 1 }), key).toBe(atRun.t(key, { ...params, n: 1 }))
      }
    })
  }

  it('a message the compiler rejects fails the build and names its key', () => {
    expect(() => compileMessages({ queue: { bad: 'open {brace' } }, 'zh-TW.ts')).toThrow(
      /zh-TW\.ts: the message queue\.bad does not compile/,
    )
  })
})
