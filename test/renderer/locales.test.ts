import { describe, expect, it } from 'vitest'
import en from '../../src/renderer/src/locales/en'
import zhTW from '../../src/renderer/src/locales/zh-TW'
import { ERROR_CODES } from '../../src/shared/domain/errors'

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
  [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort()

describe('locale files', () => {
  const zh = flatten(zhTW)
  const english = flatten(en)

  it('have the same keys', () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort())
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

  it('avoid characters vue-i18n treats as syntax (| and @)', () => {
    for (const [key, text] of [...zh, ...english]) expect(text, key).not.toMatch(/[|@]/)
  })
})
