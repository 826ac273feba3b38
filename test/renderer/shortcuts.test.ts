import { describe, expect, it, vi } from 'vitest'
import {
  dispatchShortcut,
  isInDialog,
  shortcutName,
} from '../../src/renderer/src/composables/use-shortcuts'

function press(target: EventTarget, init: KeyboardEventInit & { keyCode?: number }): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init })
  if (init.keyCode !== undefined) Object.defineProperty(event, 'keyCode', { value: init.keyCode })
  Object.defineProperty(event, 'target', { value: target })
  return event
}

describe('keyboard shortcuts', () => {
  it('fire on the page', () => {
    const j = vi.fn()
    expect(dispatchShortcut(press(document.body, { key: 'j' }), { j })).toBe(true)
    expect(j).toHaveBeenCalledOnce()
  })

  it('never fire while a text field, textarea or editable element has focus', () => {
    const j = vi.fn()
    for (const tag of ['input', 'textarea']) {
      const el = document.createElement(tag)
      document.body.append(el)
      expect(dispatchShortcut(press(el, { key: 'j' }), { j })).toBe(false)
    }
    const editable = document.createElement('div')
    editable.setAttribute('contenteditable', 'true')
    const inner = document.createElement('span')
    editable.append(inner)
    document.body.append(editable)
    expect(dispatchShortcut(press(inner, { key: 'j' }), { j })).toBe(false)
    expect(j).not.toHaveBeenCalled()
  })

  it('never fire while an input method is composing (isComposing or keyCode 229)', () => {
    const n = vi.fn()
    expect(dispatchShortcut(press(document.body, { key: 'n', isComposing: true }), { n })).toBe(
      false,
    )
    expect(
      dispatchShortcut(press(document.body, { key: 'Process', keyCode: 229 }), { Process: n }),
    ).toBe(false)
    expect(dispatchShortcut(press(document.body, { key: 'n', keyCode: 229 }), { n })).toBe(false)
    expect(n).not.toHaveBeenCalled()
  })

  it('leave Enter to a focused button', () => {
    const enter = vi.fn()
    const button = document.createElement('button')
    document.body.append(button)
    expect(dispatchShortcut(press(button, { key: 'Enter' }), { Enter: enter })).toBe(false)
    expect(enter).not.toHaveBeenCalled()
  })

  it('let mod+s through in text fields when asked to', () => {
    const save = vi.fn()
    const input = document.createElement('input')
    document.body.append(input)
    const event = press(input, { key: 's', ctrlKey: true })
    expect(shortcutName(event)).toBe('mod+s')
    expect(dispatchShortcut(event, { 'mod+s': save }, { inInputs: ['mod+s'] })).toBe(true)
    expect(event.defaultPrevented).toBe(true)
    expect(
      dispatchShortcut(
        press(input, { key: 's', metaKey: true }),
        { 'mod+s': save },
        { inInputs: ['mod+s'] },
      ),
    ).toBe(true)
    expect(save).toHaveBeenCalledTimes(2)
  })

  it('belong to an open dialog, not to one that is closing', () => {
    const container = document.createElement('div')
    container.className = 'n-modal-container'
    const dialog = document.createElement('div')
    dialog.className = 'n-modal'
    const input = document.createElement('input')
    dialog.append(input)
    container.append(dialog)
    document.body.append(container)
    const k = vi.fn()
    const ctrlK = (): KeyboardEvent => press(input, { key: 'k', ctrlKey: true })
    expect(isInDialog(press(document.body, { key: 'k' }))).toBe(true)
    expect(dispatchShortcut(ctrlK(), { 'mod+k': k }, { inInputs: ['mod+k'] })).toBe(false)
    // Closed: its leave transition still runs, with the focus inside it.
    dialog.classList.add('fade-in-scale-up-transition-leave-active')
    expect(isInDialog(press(document.body, { key: 'k' }))).toBe(false)
    expect(dispatchShortcut(ctrlK(), { 'mod+k': k }, { inInputs: ['mod+k'] })).toBe(true)
    expect(k).toHaveBeenCalledOnce()
    container.remove()
  })
})
