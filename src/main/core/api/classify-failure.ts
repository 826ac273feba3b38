/**
 * Turns what went wrong with one HTTP attempt into an AppError plus the two facts the retry loop
 * needs: could trying again help (transient), and might the server already have acted on it
 * (maybeProcessed: the reason a POST is never blindly repeated).
 */
import { AxiosError, type AxiosResponse } from 'axios'
import { AppError } from '../../../shared/domain/errors'
import { parseRetryAfter } from './retry-policy'

export interface Failure {
  error: AppError
  transient: boolean
  maybeProcessed: boolean
  /** A wait the server asked for (Retry-After). */
  retryAfterMs?: number
}

/** Connection failures where the request never reached the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
])

function fail(
  data: ConstructorParameters<typeof AppError>[0],
  flags: { transient: boolean; maybeProcessed: boolean; retryAfterMs?: number },
  cause?: unknown,
): Failure {
  return { error: new AppError(data, { cause }), ...flags }
}

/** A failure without a response: cancelled, timed out, unreachable or cut off. */
export function classifyTransportError(error: unknown, what: string): Failure {
  if (error instanceof AppError) return { error, transient: false, maybeProcessed: false }
  const axiosError = error instanceof AxiosError ? error : undefined
  const code = axiosError?.code ?? (error as { code?: string } | undefined)?.code ?? ''
  if (code === 'ERR_CANCELED') {
    return fail(
      { code: 'cancelled', message: `${what}: cancelled` },
      { transient: false, maybeProcessed: true },
      error,
    )
  }
  // axios's own wording when maxContentLength / maxBodyLength is exceeded.
  if (/max(Content|Body)Length size of -?\d+ exceeded/.test(axiosError?.message ?? '')) {
    return fail(
      {
        code: 'too_large',
        message: `${what}: the answer exceeded the size limit (${axiosError?.message ?? ''})`,
      },
      { transient: false, maybeProcessed: true },
      error,
    )
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return fail(
      { code: 'timeout', message: `${what}: no answer in time` },
      { transient: true, maybeProcessed: true },
      error,
    )
  }
  if (code === 'ERR_BAD_RESPONSE' || (code === 'ECONNRESET' && axiosError?.response)) {
    // Headers came, then the connection closed before the body's end: the server answered, and
    // the network (or a proxy) cut it off. Worth another try; not "cannot reach the server".
    return fail(
      {
        code: 'bad_response',
        message: `${what}: the answer was cut off before its end (${axiosError?.message ?? code})`,
      },
      { transient: true, maybeProcessed: true },
      error,
    )
  }
  const notSent = NOT_SENT_CODES.has(code)
  return fail(
    { code: 'offline', message: `${what}: cannot reach the server (${code || 'network error'})` },
    { transient: true, maybeProcessed: !notSent },
    error,
  )
}

function serverMessage(body: unknown): string | undefined {
  if (body && typeof body === 'object' && 'message' in body) {
    const message = (body as { message: unknown }).message
    if (typeof message === 'string' && message !== '') return message
  }
  return undefined
}

/** Laravel's 422 `errors`: field to messages; anything else in there is ignored. */
function fieldErrors(body: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  if (!body || typeof body !== 'object' || !('errors' in body)) return out
  const errors = (body as { errors: unknown }).errors
  if (!errors || typeof errors !== 'object') return out
  for (const [field, messages] of Object.entries(errors)) {
    if (Array.isArray(messages))
      out[field] = messages.filter((m): m is string => typeof m === 'string')
    else if (typeof messages === 'string') out[field] = [messages]
  }
  return out
}

/** A non-2xx answer. `body` is the parsed JSON or undefined when it was not JSON. */
export function classifyStatus(
  response: AxiosResponse<string>,
  body: unknown,
  what: string,
): Failure {
  const status = response.status
  const message = serverMessage(body)
  const detail = (fallback: string): string => `${what}: ${message ?? fallback}`
  const retryAfterMs = parseRetryAfter(response.headers['retry-after'])
  const after = retryAfterMs !== undefined ? { retryAfterMs } : {}
  const isJson = body !== undefined
  if (status >= 300 && status < 400) {
    const location = String(response.headers.location ?? '')
    return /login/i.test(location)
      ? fail(
          { code: 'unauthorized', message: `${what}: redirected to a login page`, status },
          { transient: false, maybeProcessed: false },
        )
      : fail(
          { code: 'not_this_api', message: `${what}: redirected to ${location}`, status },
          { transient: false, maybeProcessed: false },
        )
  }
  if (status === 401)
    return fail(
      { code: 'unauthorized', message: detail('unauthorized'), status },
      { transient: false, maybeProcessed: false },
    )
  if (status === 403)
    return fail(
      { code: 'forbidden', message: detail('forbidden'), status },
      { transient: false, maybeProcessed: false },
    )
  if (status === 404) {
    // A JSON 404 is this API saying "no such record"; an HTML one is a wrong address.
    return isJson
      ? fail(
          { code: 'not_found', message: detail('not found'), status },
          { transient: false, maybeProcessed: false },
        )
      : fail(
          {
            code: 'not_this_api',
            message: `${what}: the address answers, but not as the ticket API`,
            status,
          },
          { transient: false, maybeProcessed: false },
        )
  }
  if (status === 405) {
    return fail(
      { code: 'not_this_api', message: detail('method not allowed'), status },
      { transient: false, maybeProcessed: false },
    )
  }
  if (status === 422) {
    return fail(
      { code: 'validation', message: detail('invalid input'), fields: fieldErrors(body), status },
      { transient: false, maybeProcessed: false },
    )
  }
  if (status === 429) {
    return fail(
      { code: 'rate_limited', message: detail('too many requests'), status, ...after },
      // A throttle rejects before the application runs: nothing was done.
      { transient: true, maybeProcessed: false, ...after },
    )
  }
  if (status === 503) {
    return fail(
      { code: 'server_error', message: detail('service unavailable'), status, ...after },
      // Maintenance mode and overloaded proxies answer 503 without running the request.
      { transient: true, maybeProcessed: false, ...after },
    )
  }
  if (status >= 500) {
    return fail(
      { code: 'server_error', message: detail(`server error ${status}`), status, ...after },
      { transient: true, maybeProcessed: true, ...after },
    )
  }
  return fail(
    {
      code: isJson ? 'bad_response' : 'not_this_api',
      message: detail(`unexpected status ${status}`),
      status,
    },
    { transient: false, maybeProcessed: false },
  )
}
