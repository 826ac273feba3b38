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
  'busy', // e.g. a sync is already running
  'internal',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export const appErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Field name to messages: the server's 422 `errors`, or the input schema's issues. */
  fields: z.record(z.string(), z.array(z.string())).optional(),
  /** For rate_limited: how long to wait. */
  retryAfterMs: z.number().optional(),
  /** For bad_response: the path of the field that did not match. */
  path: z.string().optional(),
  status: z.number().optional(),
})
export type AppErrorData = z.infer<typeof appErrorSchema>

/** An error with a code the screens can translate. Thrown in main, rebuilt in the renderer. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly fields?: Record<string, string[]>
  readonly retryAfterMs?: number
  readonly path?: string
  readonly status?: number

  constructor(data: AppErrorData, options?: { cause?: unknown }) {
    super(data.message, options)
    this.name = 'AppError'
    this.code = data.code
    if (data.fields) this.fields = data.fields
    if (data.retryAfterMs !== undefined) this.retryAfterMs = data.retryAfterMs
    if (data.path !== undefined) this.path = data.path
    if (data.status !== undefined) this.status = data.status
  }

  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message }
    if (this.fields) data.fields = this.fields
    if (this.retryAfterMs !== undefined) data.retryAfterMs = this.retryAfterMs
    if (this.path !== undefined) data.path = this.path
    if (this.status !== undefined) data.status = this.status
    return data
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError
}
