/**
 * naive-ui in the app's languages: a zh-TW calendar starts its weeks on Sunday and titles the
 * month "2026年12月", with no English default left; English keeps naive's own.
 */
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { NConfigProvider, NDatePicker, NSelect } from 'naive-ui'
import { defineComponent, h } from 'vue'
import { afterEach, describe, expect, it } from 'vitest'
import { naiveLocale, useCalendarHeader } from '../../src/renderer/src/naive-locale'
import { useSettingsStore } from '../../src/renderer/src/stores/settings'
import { CLIENT_KEY } from '../../src/renderer/src/composables/use-client'
import { SETTINGS } from './fixtures'
import { fakeApi, settle } from './harness'

afterEach(() => {
  document.body.innerHTML = ''
})

async function calendar(language: 'zh-TW' | 'en') {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSettingsStore(pinia).settings = { ...SETTINGS, language }
  const n = naiveLocale(language)
  const Picker = defineComponent({
    setup() {
      const header = useCalendarHeader()
      return () =>
        h(NConfigProvider, { locale: n.locale, dateLocale: n.dateLocale }, () => [
          h(NDatePicker, {
            ...header.value,
            panel: true,
            type: 'date',
            defaultValue: Date.UTC(2026, 11, 4),
          }),
          h(NSelect, { options: [], 'data-testid': 'select' }),
        ])
    },
  })
  const wrapper = mount(Picker, {
    attachTo: document.body,
    global: { plugins: [pinia], provide: { [CLIENT_KEY as symbol]: fakeApi({}).client } },
  })
  await settle()
  const weekdays = [...document.querySelectorAll('.n-date-panel-weekdays__day')].map(
    (d) => d.textContent,
  )
  const title = document.querySelector('.n-date-panel-month__text')?.textContent ?? ''
  return { wrapper, weekdays, title, text: document.body.textContent ?? '' }
}

describe('naive-ui locale', () => {
  it('zh-TW: weeks start on Sunday, the month reads 2026年12月, no English', async () => {
    const { weekdays, title, text } = await calendar('zh-TW')
    expect(weekdays[0]).toBe('日')
    expect(title.replace(/\s+/g, '')).toBe('2026年12月')
    expect(title).toBe('2026年12月')
    expect(text).not.toMatch(/Please Select|Start Date|Select Week/)
    expect(text).toContain('請選擇')
  })

  it('en: naive-ui defaults', async () => {
    const { title, text } = await calendar('en')
    expect(title).toBe('Dec 2026')
    expect(text).toContain('Please Select')
  })
})
