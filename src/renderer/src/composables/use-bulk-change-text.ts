/**
 * A set of changes in the agent's words, one line per field: its label and the new value (a
 * status with its detail, a category with its sub-category), or the sentence appended. The bulk
 * confirmation, the bulk results and the macro list all say a change this way.
 */
import { useI18n } from 'vue-i18n'
import type { BulkChange } from '../../../shared/domain/bulk'
import { HANDLER_ME, type MacroChanges } from '../../../shared/domain/macros'
import { useLookupsStore } from '../stores/lookups'
import { usePeopleStore } from '../stores/people'
import { useCodeOptions } from './use-code-options'

export interface BulkChangeText {
  /** `set`: the field takes the value; `append`: the value is added as a line at its end. */
  kind: 'set' | 'append'
  field: string
  value: string
  /** Only for a status change: its detail, or "none (clears it)". */
  detail: string | null
}

export function useBulkChangeText(): (change: BulkChange | MacroChanges) => BulkChangeText[] {
  const { t } = useI18n()
  const lookups = useLookupsStore()
  const people = usePeopleStore()
  const { priorityOptions, statusLabel } = useCodeOptions()
  const named = (list: { id: number; name?: string | null }[], id: number | null | undefined) => {
    if (id == null) return t('bulk.detailNone')
    const found = list.find((x) => x.id === id)
    return found?.name ?? `#${id}`
  }
  return (c) => {
    const out: BulkChangeText[] = []
    const set = (field: string, value: string, detail: string | null = null) =>
      out.push({ kind: 'set', field, value, detail })
    if (c.status !== undefined) {
      const codes = lookups.lookups.terminationCodes
      set(
        t('field.status'),
        statusLabel(c.status) ?? String(c.status),
        named(codes, c.termination_code_id),
      )
    }
    if (c.priority !== undefined) {
      const label = priorityOptions.value.find((o) => o.value === c.priority)?.label
      set(t('field.priority'), label ?? String(c.priority))
    }
    if (c.category_id !== undefined) {
      const category = named(lookups.lookups.categories, c.category_id)
      const subs = lookups.lookups.categories.flatMap((x) => x.children)
      const value =
        c.sub_category_id == null ? category : `${category} / ${named(subs, c.sub_category_id)}`
      set(`${t('field.category_id')} / ${t('field.sub_category_id')}`, value)
    }
    if (c.handler_id !== undefined) {
      const h = c.handler_id
      set(
        t('field.handler_id'),
        h === HANDLER_ME
          ? t('macros.me')
          : h === null
            ? t('bulk.detailNone')
            : people.knownLabel('employee', h),
      )
    }
    if (c.append_content !== undefined)
      out.push({ kind: 'append', field: t('field.content'), value: c.append_content, detail: null })
    if (c.append_status_memo !== undefined)
      out.push({
        kind: 'append',
        field: t('field.status_memo'),
        value: c.append_status_memo,
        detail: null,
      })
    return out
  }
}

/** A set of changes on one line ("Status: Resolved · Status detail: … · Priority: Low"). */
export function useChangeSummary(): (change: BulkChange | MacroChanges) => string {
  const { t } = useI18n()
  const describe = useBulkChangeText()
  return (change) =>
    describe(change)
      .map((words) => {
        const what = t(words.kind === 'append' ? 'bulk.resultsAppend' : 'bulk.resultsOf', {
          field: words.field,
          value: words.value,
        })
        return words.detail === null
          ? what
          : `${what} · ${t('bulk.confirmDetail', { value: words.detail })}`
      })
      .join(' · ')
}
