/**
 * The macro editor's draft: one control per field, empty meaning "not changed", and the macro
 * it makes. Kept apart from the component so the rules are plain functions.
 */
import {
  HANDLER_ME,
  type LookupLists,
  macroProblems,
  type Macro,
  type MacroChanges,
  type MacroProblem,
} from '../../../../shared/domain/macros'

export interface MacroDraft {
  name: string
  status: number | null
  /** The status detail: null clears the ticket's (a detail belongs to one status). */
  detail: number | null
  priority: number | null
  categoryId: number | null
  subCategoryId: number | null
  /** Leave the handler, make it whoever applies the macro, or one person. */
  handler: 'keep' | 'me' | 'person'
  handlerId: number | null
  appendContent: string
  appendMemo: string
}

export function draftOf(macro: Macro | null): MacroDraft {
  const c: Partial<MacroChanges> = macro?.changes ?? {}
  const h = c.handler_id
  return {
    name: macro?.name ?? '',
    status: c.status ?? null,
    detail: c.termination_code_id ?? null,
    priority: c.priority ?? null,
    categoryId: c.category_id ?? null,
    subCategoryId: c.sub_category_id ?? null,
    handler: h === undefined || h === null ? 'keep' : h === HANDLER_ME ? 'me' : 'person',
    handlerId: typeof h === 'number' ? h : null,
    appendContent: c.append_content ?? '',
    appendMemo: c.append_status_memo ?? '',
  }
}

/** The changes the draft says (fields left empty are not changed). */
export function changesOf(d: MacroDraft): Partial<MacroChanges> {
  const c: Partial<MacroChanges> = {}
  if (d.status !== null) {
    c.status = d.status
    c.termination_code_id = d.detail
  }
  if (d.priority !== null) c.priority = d.priority
  if (d.categoryId !== null) {
    c.category_id = d.categoryId
    c.sub_category_id = d.subCategoryId
  }
  if (d.handler === 'me') c.handler_id = HANDLER_ME
  if (d.handler === 'person' && d.handlerId !== null) c.handler_id = d.handlerId
  if (d.appendContent.trim() !== '') c.append_content = d.appendContent.trim()
  if (d.appendMemo.trim() !== '') c.append_status_memo = d.appendMemo.trim()
  return c
}

export type DraftProblem = MacroProblem | 'nameRequired' | 'nothingChanges' | 'personRequired'

/** What is wrong with the draft, by the field to show it beside; empty when it can be saved. */
export function draftProblems(
  d: MacroDraft,
  lookups: LookupLists,
): Partial<Record<'name' | 'changes' | 'detail' | 'subCategory' | 'handler', DraftProblem>> {
  const out: Partial<
    Record<'name' | 'changes' | 'detail' | 'subCategory' | 'handler', DraftProblem>
  > = {}
  if (d.name.trim() === '') out.name = 'nameRequired'
  const changes = changesOf(d)
  if (Object.keys(changes).length === 0) out.changes = 'nothingChanges'
  if (d.handler === 'person' && d.handlerId === null) out.handler = 'personRequired'
  const lookup = macroProblems(changes, lookups)
  if (lookup.termination_code_id) out.detail = lookup.termination_code_id
  if (lookup.sub_category_id) out.subCategory = lookup.sub_category_id
  return out
}
