/**
 * The ticket form's template picker: `::` or Alt+/ opens it in the content and the status memo,
 * what follows searches (the queue search's rules), Enter inserts the template at the caret with
 * its variables filled, and keys an input method is composing with are left alone.
 */
import { afterEach, describe, expect, it } from 'vitest'
import TicketForm from '../../src/renderer/src/views/ticket-form/modules/ticket-form.vue'
import { useLookupsStore } from '../../src/renderer/src/stores/lookups'
import { useServerNowStore } from '../../src/renderer/src/stores/server-now'
import { useSettingsStore } from '../../src/renderer/src/stores/settings'
import type { Template } from '../../src/shared/domain/templates'
import { fakeApi, mountWithApp, settle, type Mounted } from './harness'
import { LOOKUPS, ONLINE, SETTINGS, ticket } from './fixtures'

const TEMPLATES: Template[] = [
  { id: 1, title: '問候', body: '{{caller}} 您好，我是 {{me}}。', shortcut: 'hi', position: 0 },
  {
    id: 2,
    title: '退款說明',
    body: '工單 #{{ticket_id}}：退款於 {{today}} 受理，{{due}} 前回覆。',
    shortcut: null,
    position: 1,
  },
]

let mounted: Mounted | null = null
afterEach(() => {
  mounted?.wrapper.unmount()
  mounted = null
})

async function mountForm() {
  const api = fakeApi({
    'lookups:get': () => LOOKUPS,
    'employees:search': () => LOOKUPS.employees,
    'contacts:search': () => [],
    'sync:status': () => ONLINE,
    'drafts:get': () => null,
    'drafts:save': (input) => ({ ...input, updatedAt: '2030-01-01T00:00:00.000Z' }),
    'drafts:clear': ({ key }) => ({ key }),
    'outbox:summary': () => ({ waiting: 0, needsAttention: 0, ticketIds: [] }),
    'outbox:list': () => [],
    'templates:list': () => TEMPLATES,
  })
  mounted = await mountWithApp(TicketForm, { api, props: { ticket: ticket() } })
  useLookupsStore(mounted.pinia).lookups = LOOKUPS
  useSettingsStore(mounted.pinia).settings = SETTINGS
  await settle()
  return mounted
}

const field = (id: string): HTMLTextAreaElement =>
  document.getElementById(id) as HTMLTextAreaElement

/** Types `text` at the end, as a keyboard does: the value, the caret, an input event. */
async function type(el: HTMLTextAreaElement, text: string, composing = false): Promise<void> {
  el.focus()
  el.value += text
  el.setSelectionRange(el.value.length, el.value.length)
  el.dispatchEvent(new InputEvent('input', { bubbles: true, isComposing: composing }))
  await settle()
}

async function key(el: HTMLTextAreaElement, init: KeyboardEventInit): Promise<KeyboardEvent> {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init })
  el.dispatchEvent(event)
  await settle()
  return event
}

const options = (id: string): string[] =>
  [...document.querySelectorAll(`#${id}-templates [role=option] strong`)].map(
    (o) => o.textContent ?? '',
  )

describe('template picker in the ticket form', () => {
  it('searches as the agent types after :: and inserts the chosen template, variables filled, at the caret', async () => {
    const { pinia } = await mountForm()
    const content = field('tf-content')
    // The field names its list only while the list is there (a dangling reference is invalid ARIA).
    expect(content.hasAttribute('aria-controls')).toBe(false)
    await type(content, '\n::')
    expect(options('tf-content')).toEqual(['問候', '退款說明'])
    expect(document.getElementById(content.getAttribute('aria-controls') ?? '')?.role).toBe(
      'listbox',
    )
    await type(content, '退款')
    expect(options('tf-content')).toEqual(['退款說明'])
    const enter = await key(content, { key: 'Enter' })
    expect(enter.defaultPrevented).toBe(true)
    const today = useServerNowStore(pinia).now.slice(0, 10)
    expect(content.value).toMatch(
      new RegExp(`\\n工單 #42：退款於 ${today} 受理，2030-01-02 10:00:00 前回覆。$`),
    )
    expect(content.value).not.toContain('::')
    expect(content.selectionStart).toBe(content.value.length)
    expect(document.querySelector('#tf-content-templates')).toBeNull()
    expect(content.hasAttribute('aria-controls')).toBe(false)
  })

  it('opens in the status memo with Alt+/ and with full-width ：：, moves with the arrows, Esc closes only it', async () => {
    await mountForm()
    const memo = field('tf-memo')
    memo.value = ''
    await key(memo, { key: '/', altKey: true })
    expect(options('tf-memo')).toEqual(['問候', '退款說明'])
    await key(memo, { key: 'ArrowDown' })
    await key(memo, { key: 'ArrowUp' })
    await key(memo, { key: 'Enter' })
    expect(memo.value).toBe('林大華 您好，我是 王小明。')

    await type(memo, '：：hi')
    expect(options('tf-memo')).toEqual(['問候'])
    const esc = await key(memo, { key: 'Escape' })
    expect(esc.defaultPrevented).toBe(true)
    expect(document.querySelector('#tf-memo-templates')).toBeNull()
  })

  it('leaves the keys of an input method alone while it composes', async () => {
    await mountForm()
    const content = field('tf-content')
    // The `::` typed inside a composition is not looked at until the composition ends.
    await type(content, '::', true)
    expect(document.querySelector('#tf-content-templates')).toBeNull()
    content.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true }))
    await settle()
    expect(options('tf-content')).toEqual(['問候', '退款說明'])
    const before = content.value
    // Enter choosing an input method's candidate: neither taken nor prevented.
    const composingEnter = await key(content, { key: 'Enter', isComposing: true })
    expect(composingEnter.defaultPrevented).toBe(false)
    expect(content.value).toBe(before)
    expect(options('tf-content')).toEqual(['問候', '退款說明'])
    const imeKey = await key(content, { key: 'ArrowDown', keyCode: 229 })
    expect(imeKey.defaultPrevented).toBe(false)
  })
})
