/**
 * naive-ui's dialog with an accessible name: its role="dialog" element carries no label, so after
 * it opens we name it after its title (and mark it modal). While a dialog is open the page behind
 * it is inert, as behind a native modal dialog: dimmed by the mask, out of reach of the keyboard
 * and of screen readers (and of contrast checks, which would measure it through the mask). The
 * element that opened the dialog has the focus again when it closes.
 */
import { useDialog, type DialogOptions, type DialogReactive } from 'naive-ui'
import { nextTick } from 'vue'

/** Dialogs open now (one may open from another's button): the page is inert while any is. */
let open = 0

/** The app's own root (Vue marks the element it mounts on); dialogs are teleported outside it. */
function setPageInert(inert: boolean): void {
  document.querySelectorAll('body > [data-v-app]').forEach((root) => {
    root.toggleAttribute('inert', inert)
  })
}

export function useConfirm(): (options: DialogOptions & { title: string }) => DialogReactive {
  const dialog = useDialog()
  return (options) => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    open++
    const reactive = dialog.warning({
      ...options,
      onAfterLeave: () => {
        options.onAfterLeave?.()
        open = Math.max(0, open - 1)
        if (open > 0) return
        setPageInert(false)
        const lost = !document.activeElement || document.activeElement === document.body
        if (lost && opener?.isConnected) opener.focus()
      },
    })
    void nextTick(() => {
      const nodes = document.querySelectorAll<HTMLElement>(
        '.n-dialog[role="dialog"]:not([aria-label])',
      )
      nodes.forEach((node) => {
        node.setAttribute('aria-label', options.title)
        node.setAttribute('aria-modal', 'true')
      })
      if (open > 0) setPageInert(true)
    })
    return reactive
  }
}
