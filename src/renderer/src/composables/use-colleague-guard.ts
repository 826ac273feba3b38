/**
 * Before saving a ticket: when a colleague is editing it (team hub presence), ask first. Resolves
 * true to go on (no one editing, or the agent chose "save anyway").
 */
import { useI18n } from 'vue-i18n'
import { useHubStore } from '../stores/hub'
import { useConfirm } from './use-confirm'

export function useColleagueGuard(): (ticketId: number) => Promise<boolean> {
  const { t } = useI18n()
  const hub = useHubStore()
  const confirm = useConfirm()
  return (ticketId) => {
    const editors = hub.on(ticketId).filter((c) => c.editing)
    if (editors.length === 0) return Promise.resolve(true)
    const names = editors.map((c) => c.name || t('hub.someone')).join('、')
    return new Promise<boolean>((resolve) => {
      confirm({
        title: t('hub.saveWhileEditingTitle'),
        content: t('hub.saveWhileEditing', { names }),
        positiveText: t('hub.saveAnyway'),
        negativeText: t('common.cancel'),
        onPositiveClick: () => resolve(true),
        onNegativeClick: () => resolve(false),
        onClose: () => resolve(false),
        onMaskClick: () => resolve(false),
      })
    })
  }
}
