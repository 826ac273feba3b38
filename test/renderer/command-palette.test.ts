/**
 * The command palette's answers say what they do: a typed ticket id shows that ticket's subject
 * from the cache (or that the cache lacks it), and every theme is found by its name in the
 * agent's language or in English, not only "the next theme".
 */
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../src/shared/domain/errors'
import CommandPalette from '../../src/renderer/src/components/command-palette.vue'
import { useSettingsStore } from '../../src/renderer/src/stores/settings'
import { SETTINGS, ticket } from './fixtures'
import { fakeApi, mountWithApp, settle, until } from './harness'

afterEach(() => {
  document.body.innerHTML = ''
})

async function openPalette(language: 'zh-TW' | 'en' = 'zh-TW') {
  let settings = { ...SETTINGS, language }
  const api = fakeApi({
    'settings:get': () => settings,
    'settings:update': (patch) => (settings = { ...settings, ...patch }),
    'contacts:search': () => [],
    'tickets:get': ({ id }) => {
      if (id !== 3450) throw new AppError({ code: 'not_found', message: 'no' })
      return { ticket: ticket({ id, subject: '信用卡退款未入帳' }), syncedAt: null }
    },
  })
  const mounted = await mountWithApp(CommandPalette, { api, language })
  await useSettingsStore(mounted.pinia).load()
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true }))
  await settle()
  const input = document.querySelector<HTMLInputElement>('[data-testid=palette-input]')!
  /** Types `text` and waits for its debounced look-up (callers, or the typed ticket) to answer. */
  const type = async (text: string): Promise<void> => {
    const before = api.calls.length
    input.value = text
    input.dispatchEvent(new Event('input'))
    await until(() =>
      expect(
        api.calls
          .slice(before)
          .some((c) => c.channel === 'contacts:search' || c.channel === 'tickets:get'),
      ).toBe(true),
    )
    await settle()
  }
  const items = (): Array<{ key: string; text: string }> =>
    [...document.querySelectorAll<HTMLElement>('[data-testid=palette-item]')].map((li) => ({
      key: li.dataset.key ?? '',
      text: [...li.querySelectorAll('span')].map((s) => s.textContent!.trim()).join(' '),
    }))
  return { ...mounted, api, type, items, input }
}

describe('command palette', () => {
  it('offers "#3450" with its subject, and says when the cache has no such ticket', async () => {
    const { type, items } = await openPalette()
    await type('#3450')
    await until(() =>
      expect(items()[0]).toEqual({ key: 'ticket-3450', text: '開啟工單 #3450 信用卡退款未入帳' }),
    )
    await type('77')
    await until(() =>
      expect(items()[0]).toEqual({ key: 'ticket-77', text: '開啟工單 #77 本機快取中沒有這張工單' }),
    )
  })

  for (const [language, typed, label] of [
    ['zh-TW', '深色', '主題：深色'],
    ['zh-TW', 'dark', '主題：深色'],
    ['en', 'dark', 'Theme: Dark'],
  ] as const) {
    it(`finds a theme by its name: "${typed}" in ${language}`, async () => {
      const { type, items, input, api } = await openPalette(language)
      await type(typed)
      expect(items()).toEqual([{ key: 'theme-dark', text: label }])
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }))
      await settle()
      expect(api.calls).toContainEqual({ channel: 'settings:update', input: { theme: 'dark' } })
    })
  }

  for (const [language, typed, label] of [
    ['zh-TW', '草稿', '前往「待送出的修改」'],
    ['en', 'drafts', 'Go to “Waiting edits”'],
  ] as const) {
    it(`leads to the waiting edits and drafts: "${typed}" in ${language}`, async () => {
      const { type, items, input, router } = await openPalette(language)
      await type(typed)
      expect(items()).toEqual([{ key: 'outbox', text: label }])
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }))
      await until(() => expect(router.currentRoute.value.name).toBe('outbox'))
    })
  }

  it('marks the theme in use', async () => {
    const { type, items } = await openPalette()
    await type('主題')
    expect(items().map((i) => i.text)).toEqual([
      '主題：淺色（目前）',
      '主題：深色',
      '主題：跟隨系統',
    ])
  })
})
