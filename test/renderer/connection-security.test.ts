// The connect screen warns about http:// to another computer and sends the agent's opt-in;
// the settings screen opens the log folder.
import { afterEach, describe, expect, it } from 'vitest'
import type { Settings } from '../../src/shared/contract/contract'
import ConnectionForm from '../../src/renderer/src/views/connect/modules/connection-form.vue'
import SettingsView from '../../src/renderer/src/views/settings/index.vue'
import { useSettingsStore } from '../../src/renderer/src/stores/settings'
import { fakeApi, mountWithApp, settle, until } from './harness'

const SETTINGS: Settings = {
  apiUrl: null,
  allowInsecureApi: false,
  hasToken: false,
  me: null,
  syncIntervalSec: 300,
  language: 'en',
  theme: 'light',
  serverTimeZone: 'Asia/Taipei',
}

async function type(testid: string, value: string): Promise<void> {
  const input = document.querySelector(`[data-testid=${testid}] input`) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await settle()
}

afterEach(() => {
  document.body.innerHTML = ''
})

describe('connect screen', () => {
  for (const language of ['en', 'zh-TW'] as const) {
    it(`warns about an unencrypted remote address and sends the opt-in (${language})`, async () => {
      const api = fakeApi({
        'connection:test': () => ({ employees: 1, tickets: 2 }),
        'connection:connect': (input) => ({
          ...SETTINGS,
          apiUrl: input.apiUrl,
          allowInsecureApi: true,
        }),
      })
      const { wrapper } = await mountWithApp(ConnectionForm, { api, language })
      useSettingsStore().settings = { ...SETTINGS, language }
      await type('connect-api-url', 'http://127.0.0.1:8080')
      expect(document.querySelector('[data-testid=connect-insecure]')).toBeNull()
      await type('connect-api-url', 'http://tickets.example.com/api/v1')
      const warning = document.querySelector('[data-testid=connect-insecure]')
      expect(warning?.textContent).toMatch(language === 'en' ? /not encrypted/ : /未加密/)
      ;(document.querySelector('[data-testid=connect-test]') as HTMLElement).click()
      await until(() =>
        expect(api.calls.at(-1)).toMatchObject({
          channel: 'connection:test',
          input: { apiUrl: 'http://tickets.example.com/api/v1', allowInsecure: false },
        }),
      )
      ;(document.querySelector('[data-testid=connect-insecure-accept]') as HTMLElement).click()
      await settle()
      ;(document.querySelector('[data-testid=connect-test]') as HTMLElement).click()
      await until(() =>
        expect(api.calls.at(-1)).toMatchObject({
          channel: 'connection:test',
          input: { allowInsecure: true },
        }),
      )
      wrapper.unmount()
    })
  }
})

describe('settings screen', () => {
  it('opens the log folder through the contract', async () => {
    const api = fakeApi({ 'app:openLogFolder': () => ({ opened: true, path: '/home/a/logs' }) })
    const { wrapper } = await mountWithApp(SettingsView, { api, language: 'en' })
    useSettingsStore().settings = { ...SETTINGS, apiUrl: 'https://x.example' }
    useSettingsStore().appInfo = {
      name: 'Agent Console',
      version: 't',
      host: 'desktop',
      platform: 'linux',
    }
    await settle()
    ;(document.querySelector('[data-testid=settings-open-logs]') as HTMLElement).click()
    await until(() => expect(api.calls.some((c) => c.channel === 'app:openLogFolder')).toBe(true))
    await until(() => expect(document.body.textContent).toContain('Opened /home/a/logs'))
    wrapper.unmount()
  })

  it('keeps a team hub address typed and not saved through a change of language', async () => {
    const api = fakeApi({})
    const { wrapper } = await mountWithApp(SettingsView, { api, language: 'en' })
    useSettingsStore().settings = { ...SETTINGS, apiUrl: 'https://x.example' }
    await settle()
    await wrapper.find('[data-testid=settings-hub-url] input').setValue('https://hub.example')
    // The labels' forms are mounted again in the new language; what was typed stays.
    ;(wrapper.vm as unknown as { $i18n: { locale: string } }).$i18n.locale = 'zh-TW'
    await settle()
    expect(wrapper.text()).toContain('團隊中樞位址')
    const input = wrapper.find<HTMLInputElement>('[data-testid=settings-hub-url] input')
    expect(input.element.value).toBe('https://hub.example')
    expect(api.calls.some((c) => c.channel === 'settings:update')).toBe(false)
    wrapper.unmount()
  })

  it('in the browser host: no "open the log folder" (only the desktop has one), and sign-out describes itself', async () => {
    const api = fakeApi({})
    const { wrapper } = await mountWithApp(SettingsView, { api })
    useSettingsStore().settings = { ...SETTINGS, language: 'zh-TW', apiUrl: 'https://x.example' }
    useSettingsStore().appInfo = {
      name: 'Agent Console',
      version: 't',
      host: 'web',
      platform: 'linux',
    }
    await settle()
    expect(wrapper.find('[data-testid=settings-open-logs]').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('開啟記錄檔資料夾')
    // Two sentences, with no space after the full stop, as Chinese is written.
    expect(wrapper.find('[data-testid=settings-logs-terminal]').text()).toBe(
      '瀏覽器版本的記錄會寫在執行主機程式的終端機中。資訊部門可能會索取這些檔案；其中不含權杖或身分證字號。',
    )
    // The card says what signing out does; the question is asked only on the click.
    expect(wrapper.text()).not.toContain('確定登出？')
    expect(wrapper.text()).toContain('清除這台電腦上的連線設定')
    wrapper.unmount()
  })
})
