/**
 * Keyboard shortcuts that never fire while the agent types: not in a text field, a select's
 * search box or anything editable, and never while an input method (Zhuyin, Cangjie, pinyin) is
 * composing, since those typists press letter keys all the time.
 */
import { onBeforeUnmount, onMounted } from 'vue'

export type ShortcutHandler = (event: KeyboardEvent) => void

export interface ShortcutOptions {
  /** Shortcuts (like mod+s) that should also work inside text fields. */
  inInputs?: string[]
}

/** True when the key event belongs to typing (or composing) rather than to a shortcut. */
export function isTypingEvent(event: KeyboardEvent): boolean {
  if (event.isComposing || event.keyCode === 229) return true
  const target = event.target as Element | null
  if (!target || typeof (target as Element).closest !== 'function') return false
  return Boolean(target.closest(EDITING))
}

/** Text fields, and widgets that own the arrow keys (selects, menus, date pickers). */
const EDITING =
  'input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="combobox"], ' +
  '[role="listbox"], [role="menu"], .n-base-selection, .n-base-select-menu, .n-date-panel'
/** Keys that activate a focused button or link: never steal them from it. */
const ACTIVATION_KEYS = new Set(['Enter', ' '])
const INTERACTIVE = 'button, a[href], [role="button"], [role="link"], [role="checkbox"]'

/** The shortcut name of an event: 'j', 'Enter', 'mod+s', 'shift+?'... */
export function shortcutName(event: KeyboardEvent): string {
  const mods: string[] = []
  if (event.ctrlKey || event.metaKey) mods.push('mod')
  if (event.altKey) mods.push('alt')
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key
  return [...mods, key].join('+')
}

/**
 * A dialog, modal or drawer is open (or the key came from inside one): its keys are its own, so
 * Esc closes only the dialog and never also leaves the screen behind it.
 */
const DIALOG =
  '.n-modal-container .n-dialog, .n-modal-container .n-modal, .n-drawer, [role="dialog"][aria-modal="true"]'
/**
 * A closed dialog stays in the page (with the focus still in it) while its leave transition runs:
 * it no longer owns the keys, or a shortcut pressed right after closing one would be lost.
 */
const LEAVING = '[class*="-leave-active"], [class*="-leave-to"]'
export function isInDialog(event: KeyboardEvent): boolean {
  const target = event.target as Element | null
  if (target && typeof target.closest === 'function') {
    const dialog = target.closest(`${DIALOG}, .n-modal-mask`)
    if (dialog && !dialog.closest(LEAVING)) return true
  }
  if (typeof document === 'undefined') return false
  return Array.from(document.querySelectorAll(DIALOG)).some((d) => !d.closest(LEAVING))
}

/** Dispatches a key event to the matching handler; returns whether one ran. */
export function dispatchShortcut(
  event: KeyboardEvent,
  handlers: Record<string, ShortcutHandler>,
  options: ShortcutOptions = {},
): boolean {
  if (event.isComposing || event.keyCode === 229) return false
  const name = shortcutName(event)
  const handler = handlers[name]
  if (!handler) return false
  if (isInDialog(event)) return false
  if (isTypingEvent(event) && !options.inInputs?.includes(name)) return false
  const target = event.target as Element | null
  if (
    ACTIVATION_KEYS.has(name) &&
    typeof target?.closest === 'function' &&
    target.closest(INTERACTIVE)
  ) {
    return false
  }
  if (event.defaultPrevented) return false
  event.preventDefault()
  handler(event)
  return true
}

/** Listens on the window while the calling component is mounted. */
export function useShortcuts(
  handlers: Record<string, ShortcutHandler>,
  options: ShortcutOptions = {},
): void {
  const listener = (event: KeyboardEvent): void => {
    dispatchShortcut(event, handlers, options)
  }
  onMounted(() => window.addEventListener('keydown', listener))
  onBeforeUnmount(() => window.removeEventListener('keydown', listener))
}
