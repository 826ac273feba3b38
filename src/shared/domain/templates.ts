/**
 * Text templates (canned sentences) an agent inserts into a ticket's content or status memo, with
 * variables the app fills at insertion, and the JSON file a set is handed to the team in.
 */
import { z } from 'zod'
import { AppError } from './errors'
import { normaliseSearch, searchWords } from './search'

/** What a template may say between `{{` and `}}`; filled from the ticket and the agent. */
export const TEMPLATE_VARIABLES = ['caller', 'ticket_id', 'me', 'today', 'due'] as const
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number]
export type TemplateValues = Partial<Record<TemplateVariable, string | number | null>>

/** The longest title, body and shortcut a template may have. */
export const TEMPLATE_TITLE_MAX = 100
export const TEMPLATE_BODY_MAX = 5000
export const TEMPLATE_SHORTCUT_MAX = 32

/** A word typed after `::` that picks this template at once; letters, digits, `-` and `_`. */
const shortcutSchema = z
  .string()
  .trim()
  .max(TEMPLATE_SHORTCUT_MAX)
  .regex(/^[\p{L}\p{N}_-]*$/u, 'letters, digits, - and _ only')
  .transform((s) => (s === '' ? null : s))

export const templateInputSchema = z.strictObject({
  title: z.string().trim().min(1).max(TEMPLATE_TITLE_MAX),
  body: z.string().min(1).max(TEMPLATE_BODY_MAX),
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

/** The file format's name and the newest version this app reads and writes. */
export const TEMPLATE_FILE_FORMAT = 'agent-console-templates'
export const TEMPLATE_FILE_VERSION = 1
/** A set larger than this is not a personal set; refused rather than half-read. */
export const TEMPLATE_LIMIT = 1000
/** The longest file text an import accepts (a full set of long templates fits). */
export const TEMPLATE_FILE_MAX_CHARS = 900_000

const templateFileSchema = z.strictObject({
  format: z.literal(TEMPLATE_FILE_FORMAT),
  version: z.literal(TEMPLATE_FILE_VERSION),
  exportedAt: z.string().max(40).optional(),
  templates: z.array(templateInputSchema).max(TEMPLATE_LIMIT),
})
export type TemplateFile = z.infer<typeof templateFileSchema>

/**
 * Why a set is refused: each reason is a sentence in both locales (`errors.reason.<reason>`) that
 * names the values given; `message` is the English detail for the log and the CLI.
 */
export const TEMPLATE_REFUSALS = [
  'template_file_not_json',
  'template_file_not_templates',
  'template_file_newer',
  'template_file_too_large',
  'template_file_bad_title',
  'template_file_bad_body',
  'template_file_bad_shortcut',
  'template_file_bad_field',
  'template_limit',
] as const
export type TemplateRefusal = (typeof TEMPLATE_REFUSALS)[number]

/** The error a refused template or set is thrown as. */
export function templateError(
  reason: TemplateRefusal,
  params: Record<string, string | number>,
  message: string,
): AppError {
  return new AppError({ code: 'invalid_input', message, reason, params })
}

const BAD_FIELD: Record<string, { reason: TemplateRefusal; max: number }> = {
  title: { reason: 'template_file_bad_title', max: TEMPLATE_TITLE_MAX },
  body: { reason: 'template_file_bad_body', max: TEMPLATE_BODY_MAX },
  shortcut: { reason: 'template_file_bad_shortcut', max: TEMPLATE_SHORTCUT_MAX },
}

/** The first bad field of a file as a refusal: a template's own field by its place, else the path. */
function badFieldError(error: z.ZodError): AppError {
  const issue = error.issues[0]
  const path = issue?.path ?? []
  const field = path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`))
    .join('')
  const detail = `The file has bad fields (${field || '(file)'}: ${issue?.message}): nothing was imported`
  const [top, index, name] = path
  const known = typeof name === 'string' ? BAD_FIELD[name] : undefined
  if (top === 'templates' && typeof index === 'number' && known)
    return templateError(known.reason, { n: index + 1, max: known.max }, detail)
  if (top === 'templates' && typeof index !== 'number' && issue?.code === 'too_big')
    return templateError('template_limit', { max: TEMPLATE_LIMIT }, detail)
  return templateError('template_file_bad_field', { field: field || '(file)' }, detail)
}

/**
 * Reads an exported file, all or nothing: not JSON, another kind of file, a newer version or any
 * bad field is refused with the reason (which template, which field), and nothing is returned.
 */
export function parseTemplateFile(text: string): TemplateFile['templates'] {
  if (text.length > TEMPLATE_FILE_MAX_CHARS)
    throw templateError(
      'template_file_too_large',
      { max: TEMPLATE_FILE_MAX_CHARS },
      `The file is larger than ${TEMPLATE_FILE_MAX_CHARS} characters: nothing was imported`,
    )
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw templateError('template_file_not_json', {}, 'The file is not a templates file (not JSON)')
  }
  const head = json as { format?: unknown; version?: unknown } | null
  if (typeof head !== 'object' || head === null || head.format !== TEMPLATE_FILE_FORMAT)
    throw templateError(
      'template_file_not_templates',
      { format: TEMPLATE_FILE_FORMAT },
      `The file is not a templates file (its "format" is not "${TEMPLATE_FILE_FORMAT}")`,
    )
  if (typeof head.version === 'number' && head.version > TEMPLATE_FILE_VERSION)
    throw templateError(
      'template_file_newer',
      { version: head.version, supported: TEMPLATE_FILE_VERSION },
      `The file was made by a newer version (format ${head.version}); this app reads format ${TEMPLATE_FILE_VERSION}: nothing was imported`,
    )
  const parsed = templateFileSchema.safeParse(json)
  if (!parsed.success) throw badFieldError(parsed.error)
  return parsed.data.templates
}

/** The file a set is exported as (the newest format). */
export function templateFileText(templates: readonly Template[], exportedAt: string): string {
  const file: TemplateFile = {
    format: TEMPLATE_FILE_FORMAT,
    version: TEMPLATE_FILE_VERSION,
    exportedAt,
    templates: templates.map((t) => ({ title: t.title, body: t.body, shortcut: t.shortcut })),
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
