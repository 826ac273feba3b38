/**
 * The palette's macro commands: on a ticket (its detail or its form), one "apply" per macro,
 * which opens the form with the macro applied for the agent to review and save.
 */
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { useMacrosStore } from '../stores/macros'
import { useSyncStore } from '../stores/sync'

export interface MacroCommand {
  key: string
  label: string
  run: () => unknown
}

export function useMacroCommands(): { commands: ComputedRef<MacroCommand[]>; load: () => void } {
  const { t } = useI18n()
  const router = useRouter()
  const macros = useMacrosStore()
  const sync = useSyncStore()
  const commands = computed<MacroCommand[]>(() => {
    const here = router.currentRoute.value
    if (!sync.canWrite || (here.name !== 'ticket' && here.name !== 'ticket-edit')) return []
    const id = Number(here.params.id)
    const query = here.name === 'ticket-edit' ? here.query : {}
    return macros.list.map((m) => ({
      key: `macro-${m.id}`,
      label: t('palette.applyMacro', { name: m.name }),
      run: () =>
        router.push({
          name: 'ticket-edit',
          params: { id },
          query: { ...query, macro: String(m.id) },
        }),
    }))
  })
  return { commands, load: () => void macros.load() }
}
