/**
 * A ticket field's value as the agent reads it, by the field's API name: names for codes and ids
 * (a status's, a person's, a category's), never the raw number the API stores. Used wherever a
 * value is shown outside its own control: waiting edits, conflicts, server messages.
 */
import { useI18n } from 'vue-i18n'
import { useLookupsStore } from '../stores/lookups'
import { usePeopleStore } from '../stores/people'
import { useCodeOptions } from './use-code-options'

export function useFieldValue(): (field: string, value: unknown) => string {
  const { t } = useI18n()
  const lookups = useLookupsStore()
  const people = usePeopleStore()
  const { statusLabel, priorityOptions } = useCodeOptions()

  function named(list: ReadonlyArray<{ id: number; name?: string | null }>, id: number): string {
    const found = list.find((x) => x.id === id)
    return found?.name ?? t('fieldValue.unknown', { id })
  }

  function byField(field: string, id: number): string {
    const l = lookups.lookups
    switch (field) {
      case 'status':
        return statusLabel(id) ?? t('fieldValue.unknown', { id })
      case 'priority':
        return (
          priorityOptions.value.find((o) => o.value === id)?.label ??
          t('fieldValue.unknown', { id })
        )
      case 'handler_id':
        return people.knownLabel('employee', id)
      case 'contact_id':
        return people.knownLabel('contact', id)
      case 'termination_code_id':
        return named(l.terminationCodes, id)
      case 'sponsor_id':
        return named(l.sponsors, id)
      case 'category_id':
        return named(l.categories, id)
      case 'sub_category_id': {
        for (const c of l.categories) {
          const sub = c.children.find((s) => s.id === id)
          if (sub) return `${c.name ?? ''} / ${sub.name ?? t('fieldValue.unknown', { id })}`
        }
        return t('fieldValue.unknown', { id })
      }
      default:
        return String(id)
    }
  }

  return (field, value) => {
    if (value === null || value === undefined || value === '') return t('fieldValue.empty')
    if (typeof value === 'number') return byField(field, value)
    return String(value)
  }
}
