/** A bulk change in the agent's words: the field's label, the new value's, and the status detail's. */
import { useI18n } from 'vue-i18n'
import type { BulkChange } from '../../../shared/domain/bulk'
import { useLookupsStore } from '../stores/lookups'
import { usePeopleStore } from '../stores/people'
import { useCodeOptions } from './use-code-options'

export interface BulkChangeText {
  field: string
  value: string
  /** Only for a status change: its detail, or "none (clears it)". */
  detail: string | null
}

export function useBulkChangeText(): (change: BulkChange) => BulkChangeText {
  const { t } = useI18n()
  const lookups = useLookupsStore()
  const people = usePeopleStore()
  const { priorityOptions, statusLabel } = useCodeOptions()
  return (c) => {
    if (c.status !== undefined) {
      const code = lookups.lookups.terminationCodes.find((x) => x.id === c.termination_code_id)
      return {
        field: t('field.status'),
        value: statusLabel(c.status) ?? String(c.status),
        detail: code ? (code.name ?? `#${code.id}`) : t('bulk.detailNone'),
      }
    }
    if (c.priority !== undefined) {
      const label = priorityOptions.value.find((o) => o.value === c.priority)?.label
      return { field: t('field.priority'), value: label ?? String(c.priority), detail: null }
    }
    return {
      field: t('field.handler_id'),
      value: c.handler_id == null ? '' : people.knownLabel('employee', c.handler_id),
      detail: null,
    }
  }
}
