/**
 * A macro applied to the ticket form: its fields set and its sentences appended at the end of
 * the content or status memo, variables filled as a template's are, for the agent to review and
 * save. It never saves by itself, and leaves every other field as the agent had it.
 */
import type { Ref } from 'vue'
import { appendText } from '../../../../../shared/domain/apply-change'
import type { BulkChange } from '../../../../../shared/domain/bulk'
import { fillTemplate, type TemplateValues } from '../../../../../shared/domain/templates'
import type { TicketFormModel } from './form-model'

/** The form's model after `change` (a macro with "me" already resolved). */
export function modelWithChange(
  model: TicketFormModel,
  change: BulkChange,
  values: TemplateValues,
): TicketFormModel {
  const next = { ...model }
  if (change.status !== undefined) {
    next.status = change.status
    next.terminationCodeId = change.termination_code_id ?? null
  }
  if (change.priority !== undefined) next.priority = change.priority
  if (change.category_id !== undefined) {
    next.categoryId = change.category_id
    next.subCategoryId = change.sub_category_id ?? null
  }
  if (change.handler_id !== undefined) next.handlerId = change.handler_id
  if (change.append_content !== undefined)
    next.content = appendText(next.content, fillTemplate(change.append_content, values))
  if (change.append_status_memo !== undefined)
    next.statusMemo = appendText(next.statusMemo, fillTemplate(change.append_status_memo, values))
  return next
}

export function useMacroApply(
  model: Ref<TicketFormModel>,
  values: Ref<TemplateValues>,
): (change: BulkChange) => void {
  return (change) => {
    model.value = modelWithChange(model.value, change, values.value)
  }
}
