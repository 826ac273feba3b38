/**
 * Runs one contract call on any transport: validates the input against the channel's schema,
 * calls the handler, optionally validates the output, and wraps the result in an envelope so
 * that error codes, field messages and waits survive IPC and HTTP (a thrown Error would not).
 */
import type { z } from 'zod'
import { AppError, toErrorData } from '../domain/errors'
import { contract, type Channel, type Envelope, type Handlers } from './contract'

export interface DispatchOptions {
  /** Check results against the output schema (development and tests). */
  validateOutput?: boolean
  /** Receives unexpected errors (never the input: it may hold personal data). */
  onInternalError?: (channel: Channel, error: unknown) => void
}

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name)
}

/** Turns zod issues into `{ field: [messages] }` with dotted paths. */
export function issuesToFields(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '(input)'
    ;(fields[key] ??= []).push(issue.message)
  }
  return fields
}

export async function dispatch(
  handlers: Handlers,
  channel: string,
  rawInput: unknown,
  options: DispatchOptions = {},
): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'invalid_input', message: `Unknown method "${channel}"` } }
  }
  const spec = contract[channel]
  const parsed = spec.input.safeParse(rawInput ?? {})
  if (!parsed.success) {
    const fields = issuesToFields(parsed.error)
    const summary = Object.entries(fields)
      .map(([k, v]) => `${k}: ${v.join('; ')}`)
      .join(', ')
    return {
      ok: false,
      error: { code: 'invalid_input', message: `Invalid input for ${channel}: ${summary}`, fields },
    }
  }
  try {
    const handler = handlers[channel] as (input: unknown) => unknown
    const value = await handler(parsed.data)
    if (options.validateOutput) {
      const checked = spec.output.safeParse(value)
      if (!checked.success) {
        options.onInternalError?.(channel, checked.error)
        return {
          ok: false,
          error: { code: 'internal', message: `Result of ${channel} does not match the contract` },
        }
      }
    }
    return { ok: true, value }
  } catch (error) {
    if (!(error instanceof AppError)) options.onInternalError?.(channel, error)
    return { ok: false, error: toErrorData(error, 'Unexpected error in the main process') }
  }
}
