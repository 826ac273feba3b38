/**
 * naive-ui's dialog with an accessible name: its role="dialog" element carries no label, so after
 * it opens we name it after its title (and mark it modal).
 */
import { useDialog, type DialogOptions, type DialogReactive } from 'naive-ui'
import { nextTick } from 'vue'

export function useConfirm(): (options: DialogOptions & { title: string }) => DialogReactive {
  const dialog = useDialog()
  return (options) => {
    const reactive = dialog.warning(options)
    void nextTick(() => {
      const nodes = document.querySelectorAll<HTMLElement>(
        '.n-dialog[role="dialog"]:not([aria-label])',
      )
      nodes.forEach((node) => {
        node.setAttribute('aria-label', options.title)
        node.setAttribute('aria-modal', 'true')
      })
    })
    return reactive
  }
}
