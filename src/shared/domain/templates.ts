/**
 * Text templates (canned sentences) an agent inserts into a ticket's content or status memo, with
 * variables the app fills at insertion, and the JSON file a set is handed to the team in.
 */
import { z } from 'zod'
import { AppError } from './errors'
import { MACRO_LIMIT, macroInputSchema, type Macro } from './macros'
import { normaliseSearch, searchWords } from './search'

/** What a template may say between `{{` and `}}`; filled from the ticket and the agent. */
export const TEMPLATE_VARIABLES = ['caller', 'ticket_id', 'me', 'today', 'due'] as const
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number]
export type TemplateValues = Partial<Record<TemplateVariable, string | number | null>>

/** A word typed after `::` that picks this template at once; letters, digits, `-` and `_`. */
const shortcutSchema = z
  .string()
  .trim()
  .max(32)
  .regex(/^[\p{L}\p{N}_-]*$/u, 'letters, digits, - and _ only')
  .transform((s) => (s === '' ? null : s))

export const templateInputSchema = z.strictObject({
  title: z.string().trim().min(1).max(100),
  body: z.string().min(1).max(5000),
  shortcut: shortcutSchema.nullable().optional(),
})
export type TemplateInput = z.input<typeof templateInputSchema>

export const templateSchema = z.strictObject({
  id: z.number().int().positive(),
  title: z.string(),
  body: z.string(),
  shortcut: z.string().nullable(),
  position: z.number().int(),
})
export type Template = z.infer<typeof templateSchema>

/**
 * The file format's name and the newest version this app reads and writes: 2 added the macros
 * (a version 1 file, templates only, is still read).
 */
export const TEMPLATE_FILE_FORMAT = 'agent-console-templates'
export const TEMPLATE_FILE_VERSION = 2
/** A set larger than this is not a personal set; refused rather than half-read. */
export const TEMPLATE_LIMIT = 1000

const templateFileSchema = z.strictObject({
  format: z.literal(TEMPLATE_FILE_FORMAT),
  version: z.union([z.literal(1), z.literal(TEMPLATE_FILE_VERSION)]),
  exportedAt: z.string().max(40).optional(),
  templates: z.array(templateInputSchema).max(TEMPLATE_LIMIT),
  macros: z.array(macroInputSchema).max(MACRO_LIMIT).optional(),
})
export type TemplateFile = z.infer<typeof templateFileSchema>

function refuse(message: string, fields?: Record<string, string[]>): never {
  throw new AppError({ code: 'invalid_input', message, ...(fields ? { fields } : {}) })
}

/**
 * Reads an exported file, all or nothing: not JSON, another kind of file, a newer version or any
 * bad field is refused with a message that says which, and nothing of it is returned.
 */
export function parseTemplateFile(
  text: string,
): Pick<TemplateFile, 'templates'> & { macros: NonNullable<TemplateFile['macros']> } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    refuse('The file is not a templates file (not JSON)')
  }
  const head = json as { format?: unknown; version?: unknown } | null
  if (typeof head !== 'object' || head === null || head.format !== TEMPLATE_FILE_FORMAT)
    refuse(`The file is not a templates file (its "format" is not "${TEMPLATE_FILE_FORMAT}")`)
  if (typeof head.version === 'number' && head.version > TEMPLATE_FILE_VERSION)
    refuse(
      `The file was made by a newer version (format ${head.version}); this app reads format ${TEMPLATE_FILE_VERSION}: nothing was imported`,
    )
  const parsed = templateFileSchema.safeParse(json)
  if (!parsed.success) {
    const fields: Record<string, string[]> = {}
    for (const issue of parsed.error.issues) {
      const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      const key = path.join('').replace(/^\./, '') || '(file)'
      ;(fields[key] ??= []).push(issue.message)
    }
    const first = Object.entries(fields)[0]
    refuse(
      `The file has bad fields (${first?.[0]}: ${first?.[1]?.[0]}): nothing was imported`,
      fields,
    )
  }
  return { templates: parsed.data.templates, macros: parsed.data.macros ?? [] }
}

/** The file a set is exported as (the newest format). */
export function templateFileText(
  templates: readonly Template[],
  exportedAt: string,
  macros: readonly Macro[] = [],
): string {
  const file: TemplateFile = {
    format: TEMPLATE_FILE_FORMAT,
    version: TEMPLATE_FILE_VERSION,
    exportedAt,
    templates: templates.map((t) => ({ title: t.title, body: t.body, shortcut: t.shortcut })),
    macros: macros.map((m) => ({ name: m.name, changes: m.changes })),
  }
  return `${JSON.stringify(file, null, 2)}\n`
}

/**
 * The text with each `{{variable}}` replaced (spaces inside the braces allowed); a value the
 * ticket does not have yet becomes empty; an unknown name stays as typed, so a typo shows.
 */
export function fillTemplate(body: string, values: TemplateValues): string {
  return body.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, name: string) => {
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name)) return whole
    const value = values[name as TemplateVariable]
    return value === null || value === undefined ? '' : String(value)
  })
}

/**
 * The templates matching what was typed, in their order: every word (the queue search's
 * normalisation) in the title, body or shortcut; an exact shortcut comes first.
 */
export function matchTemplates(templates: readonly Template[], typed: string): Template[] {
  const words = searchWords(typed)
  if (words.length === 0) return [...templates]
  const exact = normaliseSearch(typed.trim())
  const hits = templates.filter((t) => {
    const text = normaliseSearch(`${t.title}\n${t.body}\n${t.shortcut ?? ''}`)
    return words.every((w) => text.includes(w))
  })
  const byShortcut = hits.filter(
    (t) => t.shortcut !== null && normaliseSearch(t.shortcut) === exact,
  )
  return [...byShortcut, ...hits.filter((t) => !byShortcut.includes(t))]
}
