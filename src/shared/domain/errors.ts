/**
 * Error codes that cross the bridge. The screens translate the code (never show a stack); the
 * message is the English detail for logs and for the CLI.
 */
import { z } from 'zod'

export const ERROR_CODES = [
  'invalid_input', // a contract method was called with input that fails its schema
  'not_configured', // no API address yet
  'offline', // the API cannot be reached (DNS, refused, reset)
  'timeout',
  'unauthorized', // 401: token missing or wrong
  'forbidden', // 403
  'not_found', // 404
  'validation', // 422 from the server, with field messages
  'rate_limited', // 429, with the wait
  'server_error', // 5xx
  'bad_response', // the server answered something that is not this API's shape
  'not_this_api', // the address answers, but not as the ticket API
  'conflict', // the ticket changed on the server since the agent started editing
  'cancelled',
  'cache_unavailable', // the local cache could not be opened or is being rebuilt
  'damaged_record', // the cached copy of a record could not be read: set aside, fetched again
  'busy', // e.g. a sync is already running
  'edits_waiting', // sign-out or another server refused: edits in the outbox are not on the server yet
  'insecure_address', // http:// to a host that is not this computer, without the agent's opt-in
  'too_large', // the server's answer exceeded the client's size limit
  'service_stopped', // the core worker crashed too often and is no longer restarted
  'host_unauthorized', // the browser host refused the page: opened without the address it printed
  'internal',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export const appErrorSchema = z.strictObject({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Field name to messages: the server's 422 `errors`, or the input schema's issues. */
  fields: z.record(z.string(), z.array(z.string())).optional(),
  /** For rate_limited: how long to wait. */
  retryAfterMs: z.number().optional(),
  /** For bad_response: the path of the field that did not match. */
  path: z.string().optional(),
  status: z.number().optional(),
  /**
   * A finer cause the screens have their own sentence for (`errors.reason.<reason>` in the
   * locales), with the values that sentence names; the code's sentence is shown otherwise.
   */
  reason: z.string().max(60).optional(),
  params: z.record(z.string().max(40), z.union([z.string().max(200), z.number()])).optional(),
})
export type AppErrorData = z.infer<typeof appErrorSchema>

/** An error with a code the screens can translate. Thrown in main, rebuilt in the renderer. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly fields?: Record<string, string[]>
  readonly retryAfterMs?: number
  readonly path?: string
  readonly status?: number
  readonly reason?: string
  readonly params?: Record<string, string | number>

  constructor(data: AppErrorData, options?: { cause?: unknown }) {
    super(data.message, options)
    this.name = 'AppError'
    this.code = data.code
    if (data.fields) this.fields = data.fields
    if (data.retryAfterMs !== undefined) this.retryAfterMs = data.retryAfterMs
    if (data.path !== undefined) this.path = data.path
    if (data.status !== undefined) this.status = data.status
    if (data.reason !== undefined) this.reason = data.reason
    if (data.params !== undefined) this.params = data.params
  }

  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message }
    if (this.fields) data.fields = this.fields
    if (this.retryAfterMs !== undefined) data.retryAfterMs = this.retryAfterMs
    if (this.path !== undefined) data.path = this.path
    if (this.status !== undefined) data.status = this.status
    if (this.reason !== undefined) data.reason = this.reason
    if (this.params !== undefined) data.params = this.params
    return data
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError
}

/**
 * The server says the record is not there: a JSON 404 (`not_found` with status 404). Only this
 * deletes a cached ticket or settles a delete; an HTML 404 is a wrong address (`not_this_api`).
 */
export function isGone(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, status } = error as { code?: unknown; status?: unknown }
  return code === 'not_found' && status === 404
}

/**
 * "The server cannot be reached": no answer came back at all (DNS, refused, reset, or nothing in
 * time). Only then is the cache the honest answer and the sync state `offline` (writes wait).
 *
 * One list for every caller. There were three: the sync said offline + timeout; the employee
 * search also fell back to the cache on server_error and rate_limited; the create lookup's note
 * added bad_response. A 5xx, a 429 or a malformed body is an answer: the server is there and said
 * what is wrong, so the agent sees that error (sync state `error`, the search's message) instead
 * of a silently older cached list, and writing stays possible once it passes. (Whether a failed
 * create may have happened anyway is a different question: `Failure.maybeProcessed`.)
 */
export const UNREACHABLE_CODES: readonly ErrorCode[] = ['offline', 'timeout']

export function isUnreachable(code: ErrorCode | string | null | undefined): boolean {
  return (UNREACHABLE_CODES as readonly (string | null | undefined)[]).includes(code)
}

/**
 * Any thrown value as error data. An AppError keeps everything; any other error becomes
 * `internal` with `message` if given (dispatch: an unexpected error's text may hold data, so it
 * never becomes an answer), else with its own message (the sync's status and log).
 */
export function toErrorData(error: unknown, message?: string): AppErrorData {
  if (error instanceof AppError) return error.toData()
  const detail = message ?? (error instanceof Error ? error.message : String(error))
  return { code: 'internal', message: detail }
}
