/**
 * Guards unsaved changes: leaving the route asks first (naive-ui dialog), and closing or reloading
 * the window triggers the browser's own prompt via beforeunload.
 */
import { useConfirm } from './use-confirm'
import { onBeforeUnmount, onMounted } from 'vue'
import { useI18n } from 'vue-i18n'
import { onBeforeRouteLeave } from 'vue-router'

export function useUnsavedGuard(
  isDirty: () => boolean,
  options: { onDiscard?: () => void } = {},
): { skipOnce: () => void } {
  const confirm = useConfirm()
  const { t } = useI18n()
  let skip = false

  const onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (!isDirty()) return
    event.preventDefault()
    event.returnValue = ''
  }
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload))

  onBeforeRouteLeave(() => {
    if (skip) {
      skip = false
      return true
    }
    if (!isDirty()) return true
    return new Promise<boolean>((resolve) => {
      confirm({
        title: t('form.unsavedTitle'),
        content: t('form.unsaved'),
        positiveText: t('form.leave'),
        negativeText: t('form.stay'),
        onPositiveClick: () => {
          // Leaving is the agent's explicit "discard": the form's draft goes too.
          options.onDiscard?.()
          resolve(true)
        },
        onNegativeClick: () => resolve(false),
        onClose: () => resolve(false),
        onMaskClick: () => resolve(false),
      })
    })
  })

  return {
    /** Lets the next navigation through (after a save, the form is no longer dirty anyway). */
    skipOnce: () => {
      skip = true
    },
  }
}
