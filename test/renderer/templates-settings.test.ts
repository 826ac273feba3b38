/** Settings → text templates: add, reorder, delete (asked first), and an import refused whole. */
import { afterEach, describe, expect, it } from 'vitest'
import TemplatesSection from '../../src/renderer/src/views/settings/templates-section.vue'
import { templateError, type Template } from '../../src/shared/domain/templates'
import { fakeApi, mountWithApp, settle, until, type Mounted } from './harness'

let mounted: Mounted | null = null
afterEach(() => {
  mounted?.wrapper.unmount()
  mounted = null
})

function fakeTemplates() {
  let list: Template[] = [
    { id: 1, title: '問候', body: '您好', shortcut: 'hi', position: 0 },
    { id: 2, title: '結案', body: '謝謝', shortcut: null, position: 1 },
  ]
  let next = 3
  return fakeApi({
    'templates:list': () => list,
    'templates:save': ({ template }) => {
      const t = {
        id: next++,
        title: template.title,
        body: template.body,
        shortcut: null,
        position: 9,
      }
      list = [...list, t]
      return t
    },
    'templates:reorder': ({ ids }) => (list = ids.map((id) => list.find((t) => t.id === id)!)),
    'templates:delete': ({ id }) => {
      list = list.filter((t) => t.id !== id)
      return { removed: true }
    },
    'templates:import': () => {
      // The core's own refusal, as it crosses the bridge (code, English detail, reason).
      throw templateError('template_limit', { max: 1000 }, 'At most 1000 templates are kept')
    },
  })
}

const titles = (): string[] =>
  [...document.querySelectorAll('[data-testid=templates-list] .title')].map(
    (e) => e.textContent ?? '',
  )

const button = (text: string): HTMLButtonElement =>
  [...document.querySelectorAll('button')].find(
    (b) => b.textContent?.trim() === text,
  ) as HTMLButtonElement

describe('templates in Settings', () => {
  it('shows the variables, adds, reorders and deletes after asking', async () => {
    const api = fakeTemplates()
    mounted = await mountWithApp(TemplatesSection, { api })
    await settle()
    expect(titles()).toEqual(['問候', '結案'])

    button('新增範本').click()
    await settle()
    expect(document.body.textContent).toContain('{{caller}} 來電者')
    const [title, , body] = [
      ...document.querySelectorAll('.template-editor input, .template-editor textarea'),
    ] as HTMLInputElement[]
    title!.value = '轉接'
    title!.dispatchEvent(new Event('input'))
    body!.value = '為您轉接 {{me}}'
    body!.dispatchEvent(new Event('input'))
    await settle()
    button('儲存').click()
    await settle()
    expect(titles()).toEqual(['問候', '結案', '轉接'])

    ;(document.querySelector('[aria-label="上移「轉接」"]') as HTMLButtonElement).click()
    await settle()
    expect(titles()).toEqual(['問候', '轉接', '結案'])

    ;[...document.querySelectorAll('[data-testid=templates-list] button')]
      .filter((b) => b.textContent === '刪除')[0]!
      .dispatchEvent(new MouseEvent('click', { bubbles: true }))
    await settle()
    expect(titles()).toEqual(['問候', '轉接', '結案'])
    // Behind the open dialog the page is inert, as behind a native modal (live again after it has
    // left: the browser tests walk through that, the test DOM runs no transitions).
    const page = mounted.wrapper.element.closest('[data-v-app]')
    expect(page?.hasAttribute('inert')).toBe(true)
    ;[...document.querySelectorAll('.n-dialog button')]
      .find((b) => b.textContent?.trim() === '刪除')!
      .dispatchEvent(new MouseEvent('click', { bubbles: true }))
    await settle()
    expect(titles()).toEqual(['轉接', '結案'])
  })

  it("says why an import was refused, in the agent's language, and keeps the list as it was", async () => {
    const cases: Array<{ language: 'zh-TW' | 'en'; file: string; says: string }> = [
      {
        language: 'zh-TW',
        file: '{"format":"agent-console-templates","version":3}',
        says: '未匯入任何範本：這個檔案由較新版本的程式匯出（格式 3），本程式只能讀取格式 2。',
      },
      {
        language: 'zh-TW',
        file: JSON.stringify({
          format: 'agent-console-templates',
          version: 1,
          templates: [
            { title: '好', body: 'ok' },
            { title: '', body: 'x' },
          ],
        }),
        says: '未匯入任何範本：第 2 個範本的標題不正確：必填，最多 100 字。',
      },
      {
        language: 'zh-TW',
        file: 'not json',
        says: '未匯入任何範本：這不是範本檔（不是 JSON 格式）。',
      },
      {
        language: 'en',
        file: '{"format":"agent-console-templates","version":1,"templates":[{"title":"a","body":"b","shortcut":"a b"}]}',
        says: 'Nothing was imported: Template 1 has a bad shortcut: letters, digits, - and _ only, at most 32 characters.',
      },
      {
        // Passes the page's check; the core refuses it (its set is full), and that reason shows.
        language: 'zh-TW',
        file: '{"format":"agent-console-templates","version":1,"templates":[{"title":"a","body":"b"}]}',
        says: '未匯入任何範本：最多只能保存 1000 個範本，請先刪除一些。',
      },
    ]
    for (const { language, file, says } of cases) {
      const api = fakeTemplates()
      mounted = await mountWithApp(TemplatesSection, { api, language })
      await settle()
      const input = document.querySelector('[data-testid=templates-import]') as HTMLInputElement
      Object.defineProperty(input, 'files', { value: [new File([file], 't.json')] })
      input.dispatchEvent(new Event('change'))
      await until(() => expect(document.body.textContent).toContain(says))
      expect(titles()).toEqual(['問候', '結案'])
      mounted.wrapper.unmount()
      mounted = null
      document.body.innerHTML = ''
    }
  })
})
