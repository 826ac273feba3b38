/**
 * Error codes that cross the bridge. The screens translate the code (never show a stack); the
 * message is the English detail for logs and for the CLI.
 */
import { z } from 'zod'
import { ERROR_CODES, type AppErrorData } from './app-error'

export * from './app-error'

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
// The schema and the plain type say the same thing, each way.
type Parsed = z.infer<typeof appErrorSchema>
export const appErrorShapeAgrees: [
  Parsed extends AppErrorData ? true : never,
  AppErrorData extends Parsed ? true : never,
] = [true, true]
