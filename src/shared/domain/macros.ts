/**
 * Macros: a name and a set of changes an agent applies in one step, to the ticket on screen (the
 * form is filled for them to review and save) or to a selection (the bulk path). Kept with the
 * text templates (same file, same export), so "handler" may say "me": whoever applies it.
 */
import { z } from 'zod'
import { changeShape, CHANGE_FIELDS, refineChange, type BulkChange } from './bulk'
import { AppError } from './errors'

/** The cached lookups a macro is checked against (the contract's lookups fit this shape). */
export interface LookupLists {
  terminationCodes: readonly { id: number; status?: number | null }[]
  categories: readonly { id: number; children: readonly { id: number }[] }[]
}

/** The most macros kept: a personal set, as templates are. */
export const MACRO_LIMIT = 200
/** "Handler: me", resolved to the agent who applies the macro. */
export const HANDLER_ME = 'me'

export const macroChangesSchema = refineChange(
  z.strictObject({
    ...changeShape,
    handler_id: z
      .union([z.number().int().positive(), z.literal(HANDLER_ME)])
      .nullable()
      .optional(),
  }),
)
export type MacroChanges = z.infer<typeof macroChangesSchema>

export const macroInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  changes: macroChangesSchema,
})
export type MacroInput = z.input<typeof macroInputSchema>

export const macroSchema = z.strictObject({
  id: z.number().int().positive(),
  name: z.string(),
  changes: macroChangesSchema,
  position: z.number().int(),
})
export type Macro = z.infer<typeof macroSchema>

/** The fields a macro sets, in the order they are shown. */
export function macroFields(changes: MacroChanges): (typeof CHANGE_FIELDS)[number][] {
  return CHANGE_FIELDS.filter((f) => changes[f] !== undefined)
}

/** A macro's changes for the agent `meId` (null when not known yet: "me" cannot be applied). */
export function resolveMacro(changes: MacroChanges, meId: number | null): BulkChange | null {
  if (changes.handler_id !== HANDLER_ME) return changes as BulkChange
  if (meId === null) return null
  return { ...changes, handler_id: meId }
}

export type MacroProblem = 'detailOfOtherStatus' | 'subOfOtherCategory' | 'unknownDetail'

/**
 * What the cached lookups say against a macro: a status detail of another status, a sub-category
 * of another category. Lookups not synced yet say nothing (the server still checks each edit).
 */
export function macroProblems(
  changes: Partial<MacroChanges>,
  lookups: LookupLists,
): Partial<Record<'termination_code_id' | 'sub_category_id', MacroProblem>> {
  const out: Partial<Record<'termination_code_id' | 'sub_category_id', MacroProblem>> = {}
  const detail = changes.termination_code_id
  if (detail != null && lookups.terminationCodes.length > 0) {
    const found = lookups.terminationCodes.find((c) => c.id === detail)
    if (!found) out.termination_code_id = 'unknownDetail'
    else if (found.status !== changes.status) out.termination_code_id = 'detailOfOtherStatus'
  }
  const sub = changes.sub_category_id
  if (sub != null && lookups.categories.length > 0) {
    const parent = lookups.categories.find((c) => c.children.some((s) => s.id === sub))
    if (parent?.id !== changes.category_id) out.sub_category_id = 'subOfOtherCategory'
  }
  return out
}

/** Refuses a change the cached lookups contradict, before anything is queued or saved. */
export function refuseAgainstLookups(changes: Partial<MacroChanges>, lookups: LookupLists): void {
  const problems = macroProblems(changes, lookups)
  const fields = Object.fromEntries(
    Object.entries(problems).map(([field, problem]) => [field, [PROBLEM_TEXT[problem]]]),
  )
  if (Object.keys(fields).length > 0)
    throw new AppError({
      code: 'invalid_input',
      message: Object.values(fields).flat().join('; '),
      fields,
    })
}

const PROBLEM_TEXT: Record<MacroProblem, string> = {
  detailOfOtherStatus: 'the status detail belongs to another status',
  unknownDetail: 'the status detail is not in the lookups',
  subOfOtherCategory: 'the sub-category belongs to another category',
}
