/**
 * The connect screen's first minute: the address field has the focus; a malformed address is
 * answered with what is wrong with it (not "the data format is wrong") and nothing is sent; a
 * browser-host page opened without the host's secret says to open the printed address instead of
 * blaming the API token; "who am I" has the focus in its search and lists me first, then by name.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { EmployeeSummary, Settings } from '../../src/shared/contract/contract'
import { AppError } from '../../src/shared/domain/errors'
import ConnectView from '../../src/renderer/src/views/connect/index.vue'
import ConnectionForm from '../../src/renderer/src/views/connect/modules/connection-form.vue'
import IdentityPicker from '../../src/renderer/src/views/connect/modules/identity-picker.vue'
import { useSettingsStore } from '../../src/renderer/src/stores/settings'
import { SETTINGS } from './fixtures'
import { fakeApi, mountWithApp, settle, until } from './harness'

const NEW: Settings = { ...SETTINGS, apiUrl: null, me: null }

afterEach(() => {
  document.body.innerHTML = ''
})

async function type(testid: string, value: string): Promise<void> {
  const input = document.querySelector(`[data-testid=${testid}] input`) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await settle()
}

describe('connect screen', () => {
  it('focuses the address and says what is wrong with a malformed one, sending nothing', async () => {
    const api = fakeApi({ 'connection:test': () => ({ employees: 1, tickets: 1 }) })
    await mountWithApp(ConnectionForm, { api })
    useSettingsStore().settings = NEW
    await settle()
    expect(document.activeElement?.id).toBe('connect-api-url')
    for (const [typed, said] of [
      ['tickets.example.com/api/v1', '這不是完整的網址'],
      ['ftp://tickets.example.com', '位址要以 https:// 或 http:// 開頭'],
      ['https://tickets example.com', '位址中不能有空格'],
    ] as const) {
      await type('connect-api-url', typed)
      ;(document.querySelector('[data-testid=connect-test]') as HTMLElement).click()
      const result = () => document.querySelector('[data-testid=connect-result]')?.textContent ?? ''
      await until(() => expect(result(), typed).toContain(said))
      expect(result()).not.toContain('格式不正確')
    }
    expect(api.calls.filter((c) => c.channel === 'connection:test')).toEqual([])
  })

  it('opened in the browser without the host secret: says to open the printed address', async () => {
    const api = fakeApi({
      'settings:get': () => {
        throw new AppError({ code: 'host_unauthorized', message: 'Missing or wrong host secret' })
      },
    })
    const { wrapper } = await mountWithApp(ConnectView, { api })
    await useSettingsStore()
      .load()
      .catch(() => undefined)
    await settle()
    const text = wrapper.text()
    expect(wrapper.find('[data-testid=connect-host-address]').exists()).toBe(true)
    expect(text).toContain('請用主機程式印出的位址開啟')
    expect(text).not.toContain('權杖錯誤')
    // No address or token typed here could help.
    expect(wrapper.find('[data-testid=connect-api-url]').exists()).toBe(false)
  })

  it('"who am I": focus in the search, me first, then by name', async () => {
    const people: EmployeeSummary[] = [
      { id: 3, name: '王佩珊', employeeNo: 'E003', groupName: null },
      { id: 9, name: 'Zoe Lin', employeeNo: 'E009', groupName: null },
      { id: 1, name: '王佩珊', employeeNo: 'E001', groupName: null },
      { id: 7, name: '王小明', employeeNo: 'E007', groupName: null },
      { id: 2, name: 'Amy Chen', employeeNo: 'E002', groupName: null },
    ]
    const api = fakeApi({ 'employees:search': () => people })
    const { wrapper } = await mountWithApp(IdentityPicker, { api, language: 'en' })
    useSettingsStore().settings = { ...SETTINGS, language: 'en' }
    await until(() =>
      expect(document.activeElement?.closest('[data-testid=identity-search]')).not.toBeNull(),
    )
    await until(() => expect(wrapper.find('[data-testid=identity-results] li').exists()).toBe(true))
    const names = wrapper.findAll('[data-testid=identity-results] li .who').map((who) =>
      who
        .findAll('span')
        .map((s) => s.text())
        .filter(Boolean)
        .join(' '),
    )
    // 王小明 (id 7) is who I am now.
    expect(names).toEqual([
      '王小明 E007',
      'Amy Chen E002',
      'Zoe Lin E009',
      '王佩珊 E001',
      '王佩珊 E003',
    ])
  })
})
