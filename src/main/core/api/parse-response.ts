/**
 * Reads a 2xx answer: JSON text to a value checked against the shared schemas. A wrong type
 * becomes `bad_response` naming the field (`data[3].status`); an answer without the API's shape
 * at all (an HTML page, a JSON object that is not a page or a ticket) becomes `not_this_api`.
 */
import type { AxiosResponse } from 'axios'
import type { z } from 'zod'
import { pageMetaSchema, type Page } from '../../../shared/domain/api-schemas'
import { AppError } from '../../../shared/domain/errors'
import type { Failure } from './classify-failure'

export type Parsed<T> = { ok: true; value: T } | { ok: false; failure: Failure }

function failure(
  code: 'bad_response' | 'not_this_api',
  message: string,
  flags: { transient: boolean; path?: string },
): Parsed<never> {
  return {
    ok: false,
    failure: {
      error: new AppError({
        code,
        message,
        ...(flags.path !== undefined ? { path: flags.path } : {}),
      }),
      transient: flags.transient,
      maybeProcessed: true,
    },
  }
}

/** The body as JSON; undefined for an empty body; a failure for HTML or cut-off JSON. */
export function readJson(response: AxiosResponse<string>, what: string): Parsed<unknown> {
  const text = typeof response.data === 'string' ? response.data : ''
  if (text.trim() === '') return { ok: true, value: undefined }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    const contentType = String(response.headers['content-type'] ?? '')
    const looksJson = contentType.includes('json') || /^\s*[[{]/.test(text)
    // Cut-off JSON is a transport accident (worth another try); an HTML page is the wrong address.
    return looksJson
      ? failure('bad_response', `${what}: the answer is not complete JSON`, { transient: true })
      : failure('not_this_api', `${what}: the address answers, but not with JSON`, {
          transient: false,
        })
  }
}

/** `['data', 3, 'status']` as `data[3].status`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out === '' ? String(part) : `.${String(part)}`
  }
  return out
}

function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: readonly PropertyKey[],
  what: string,
): Parsed<z.infer<S>> {
  const result = schema.safeParse(value)
  if (result.success) return { ok: true, value: result.data }
  const issue = result.error.issues[0]
  const path = formatPath([...prefix, ...(issue?.path ?? [])])
  return failure(
    'bad_response',
    `${what}: unexpected value at ${path || '(root)'}: ${issue?.message ?? ''}`,
    {
      transient: false,
      path,
    },
  )
}

/**
 * Deepest nesting a record may have (a ticket's is about 4: its interactions' creator). Deeper is
 * damage or malice: JSON.parse copes, but every recursive step after it (validation, storing,
 * comparing) would overflow the stack on a field nested 200,000 deep.
 */
export const MAX_RECORD_DEPTH = 32

/** Whether `value` nests deeper than `limit`; iterative, so any depth is measured safely. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number]
    if (typeof node !== 'object' || node === null) continue
    if (depth >= limit) return true
    for (const child of Array.isArray(node) ? node : Object.values(node))
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1])
  }
  return false
}

function tooDeep(what: string, path: string): Parsed<never> {
  return failure(
    'bad_response',
    `${what}: the record at ${path || '(root)'} is nested deeper than ${MAX_RECORD_DEPTH} levels (damaged)`,
    { transient: false, path },
  )
}

/** A record of a page left out as damage (nested beyond the limit), for the caller to report. */
export interface SkippedRecord {
  what: string
  index: number
  id: unknown
  reason: string
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A paginated listing `{data: [...], meta}`. */
export function parsePage<S extends z.ZodType>(
  body: unknown,
  item: S,
  what: string,
  onSkipped?: (skipped: SkippedRecord) => void,
): Parsed<Page<z.infer<S>>> {
  if (!isObject(body) || !Array.isArray(body.data) || !isObject(body.meta)) {
    return failure('not_this_api', `${what}: the answer is not a page of records`, {
      transient: false,
    })
  }
  const meta = check(pageMetaSchema, body.meta, ['meta'], what)
  if (!meta.ok) return meta
  const data: z.infer<S>[] = []
  for (let i = 0; i < body.data.length; i++) {
    const record: unknown = body.data[i]
    if (nestsDeeperThan(record, MAX_RECORD_DEPTH)) {
      // Damage in one record: left out and reported; the rest of the page goes on.
      const id = isObject(record) ? record.id : undefined
      onSkipped?.({ what, index: i, id, reason: `nested deeper than ${MAX_RECORD_DEPTH} levels` })
      continue
    }
    const parsed = check(item, record, ['data', i], what)
    if (!parsed.ok) return parsed
    data.push(parsed.value)
  }
  return { ok: true, value: { ...body, data, meta: meta.value } }
}

/** One record, bare or wrapped in `data` (the document shows both). */
export function parseRecord<S extends z.ZodType>(
  body: unknown,
  schema: S,
  what: string,
): Parsed<z.infer<S>> {
  if (isObject(body) && !('id' in body) && isObject(body.data)) {
    return parseRecordAt(body.data, schema, ['data'], what)
  }
  return parseRecordAt(body, schema, [], what)
}

function parseRecordAt<S extends z.ZodType>(
  value: unknown,
  schema: S,
  prefix: readonly PropertyKey[],
  what: string,
): Parsed<z.infer<S>> {
  if (!isObject(value) || !('id' in value)) {
    return failure('not_this_api', `${what}: the answer is not a record`, { transient: false })
  }
  if (nestsDeeperThan(value, MAX_RECORD_DEPTH)) return tooDeep(what, formatPath(prefix))
  return check(schema, value, prefix, what)
}
