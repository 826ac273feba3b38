/** Select and checkbox options for the ticket codes, labelled in the app's language. */
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import {
  isTicketStatus,
  PRIORITIES,
  PRIORITY_KEYS,
  STATUS_KEYS,
  TICKET_STATUSES,
  type TicketStatus,
} from '../../../shared/domain/codes'
import type { FilterValueSource } from '../../../shared/domain/filters'
import { viewStatuses, type BuiltinView } from '../../../shared/domain/builtin-views'

export type CodeOption = {
  value: number
  label: string
}

export function useCodeOptions(): {
  statusOptions: ComputedRef<CodeOption[]>
  priorityOptions: ComputedRef<CodeOption[]>
  statusLabel: (status: number | null | undefined) => string | null
  codeOptionsOf: (values: FilterValueSource, view?: BuiltinView) => CodeOption[]
} {
  const { t } = useI18n()
  const statusOptions = computed(() =>
    TICKET_STATUSES.map((s) => ({ value: s, label: t(`status.${STATUS_KEYS[s]}`) })),
  )
  const priorityOptions = computed(() =>
    PRIORITIES.map((p) => ({ value: p, label: t(`priority.${PRIORITY_KEYS[p]}`) })),
  )
  const narrowed = new WeakMap<CodeOption[], Map<readonly TicketStatus[], CodeOption[]>>()
  /** The status's name, or null for a code the API does not define. */
  function statusLabel(status: number | null | undefined): string | null {
    return isTicketStatus(status) ? t(`status.${STATUS_KEYS[status]}`) : null
  }
  /** The options of a `codes` filter (status or priority); statuses only those `view` can show. */
  function codeOptionsOf(values: FilterValueSource, view: BuiltinView = 'all'): CodeOption[] {
    if (values !== 'status') return priorityOptions.value
    // The same array for views offering the same statuses: a select given an unchanged list does
    // not render again when the agent moves between them.
    const all = statusOptions.value
    const allowed = viewStatuses(view)
    let byAllowed = narrowed.get(all)
    if (!byAllowed) narrowed.set(all, (byAllowed = new Map()))
    let options = byAllowed.get(allowed)
    if (!options) {
      options = all.filter((o) => allowed.includes(o.value as TicketStatus))
      byAllowed.set(allowed, options)
    }
    return options
  }
  return { statusOptions, priorityOptions, statusLabel, codeOptionsOf }
}
