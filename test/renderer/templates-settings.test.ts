/** Settings → text templates: add, reorder, delete (asked first), and an import refused whole. */
import { afterEach, describe, expect, it } from 'vitest'
import TemplatesSection from '../../src/renderer/src/views/settings/templates-section.vue'
import { AppError } from '../../src/shared/domain/errors'
import type { Template } from '../../src/shared/domain/templates'
import { fakeApi, mountWithApp, settle, type Mounted } from './harness'

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
      throw new AppError({
        code: 'invalid_input',
        message: 'The file was made by a newer version (format 2)',
      })
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
    ;[...document.querySelectorAll('.n-dialog button')]
      .find((b) => b.textContent?.trim() === '刪除')!
      .dispatchEvent(new MouseEvent('click', { bubbles: true }))
    await settle()
    expect(titles()).toEqual(['轉接', '結案'])
  })

  it('says why an import was refused and keeps the list as it was', async () => {
    const api = fakeTemplates()
    mounted = await mountWithApp(TemplatesSection, { api })
    await settle()
    const input = document.querySelector('[data-testid=templates-import]') as HTMLInputElement
    Object.defineProperty(input, 'files', {
      value: [new File(['{"format":"agent-console-templates","version":2}'], 't.json')],
    })
    input.dispatchEvent(new Event('change'))
    await settle(20)
    expect(document.body.textContent).toContain(
      '未匯入任何範本：The file was made by a newer version (format 2)',
    )
    expect(titles()).toEqual(['問候', '結案'])
  })
})
