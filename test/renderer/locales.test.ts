/**
 * The locale files: every key read somewhere in the renderer (a key nobody reads is a translation
 * nobody keeps true), the same placeholders in both languages, every error code translated.
 */
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import en from '../../src/renderer/src/locales/en'
import zhTW from '../../src/renderer/src/locales/zh-TW'
import { ERROR_CODES } from '../../src/shared/domain/errors'
import { TEMPLATE_REFUSALS } from '../../src/shared/domain/templates'

function flatten(obj: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else for (const [kk, vv] of flatten(v as object, key)) out.set(kk, vv)
  }
  return out
}
const placeholders = (s: string): string[] =>
  [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort()

/** The renderer's sources, locale files left out, and the shared code that names keys. */
const SOURCES: Record<string, string> = {
  ...import.meta.glob(['../../src/renderer/src/**/*.{ts,vue}', '!**/locales/**'], {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
  ...import.meta.glob('../../src/shared/**/*.ts', {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
}

/**
 * Whether `key` is read: written out whole in quotes, or under a prefix the code completes at run
 * time (`status.${...}`, `field.${name}`).
 */
function unusedKeys(keys: Iterable<string>, code: string): string[] {
  const prefixes = [...code.matchAll(/`([a-zA-Z][\w.]*\.)\$\{/g)].map((m) => m[1] ?? '')
  const quoted = new Set([...code.matchAll(/['"`]([a-zA-Z][\w.]*)['"`]/g)].map((m) => m[1]))
  return [...keys].filter((key) => !quoted.has(key) && !prefixes.some((p) => key.startsWith(p)))
}

describe('locale files', () => {
  const zh = flatten(zhTW)
  const english = flatten(en)

  const code = Object.values(SOURCES).join('\n')

  it('have every key read somewhere in the renderer', () => {
    expect(unusedKeys(zh.keys(), code)).toEqual([])
  })

  it('have every key the renderer asks for by name', () => {
    const asked = [...code.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)].map((m) => m[1] ?? '')
    expect(asked.filter((key) => !zh.has(key))).toEqual([])
  })

  it('and the check finds a key nobody reads', () => {
    expect(unusedKeys(['a.read', 'a.unread', 'b.any'], "t('a.read'); t(`b.${x}`)")).toEqual([
      'a.unread',
    ])
  })

  it('have no empty strings and the same placeholders', () => {
    for (const [key, text] of zh) {
      expect(text.trim(), key).not.toBe('')
      expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text))
    }
  })

  it('translate every error code', () => {
    for (const code of ERROR_CODES) {
      expect(zh.has(`errors.${code}`), code).toBe(true)
    }
  })

  it('say every reason a template or a templates file is refused', () => {
    for (const reason of TEMPLATE_REFUSALS) {
      expect(zh.has(`errors.reason.${reason}`), reason).toBe(true)
      expect(english.has(`errors.reason.${reason}`), reason).toBe(true)
    }
  })

  it('avoid characters vue-i18n treats as syntax (@, and | outside an English plural)', () => {
    for (const [key, text] of zh) expect(text, key).not.toMatch(/[|@]/)
    for (const [key, text] of english) {
      expect(text, key).not.toMatch(/@/)
      const forms = text.split('|')
      if (forms.length === 1) continue
      // `singular | plural`, chosen by the named count `n`: both forms say the count.
      expect(forms, key).toHaveLength(2)
      for (const form of forms) expect(form, key).toMatch(/\{n\}/)
    }
  })

  it('say one of a thing in the singular in English', () => {
    const i18n = createI18n({ legacy: false, locale: 'en', messages: { en } })
    const t = i18n.global.t as (key: string, named: Record<string, unknown>) => string
    const nouns = /\b1 (?:\w+ )?(?:ticket|edit|alert|attempt|macro|template|character)s\b/
    const once = [...english]
      .filter(([, text]) => text.includes('{n}'))
      .map(([key, text]) => {
        const named = Object.fromEntries(placeholders(text).map((p) => [p, p === 'n' ? 1 : p]))
        return t(key, named)
      })
    expect(once.filter((text) => nouns.test(text) || text.includes('(s)'))).toEqual([])
    expect(once).toContain('1 ticket')
    expect(t('queue.total', { n: 2 })).toBe('2 tickets')
    expect(t('settings.discardEditsTitle', { n: 1 })).toBe('Discard 1 unsent edit?')
  })
})
