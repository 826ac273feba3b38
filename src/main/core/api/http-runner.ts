/**
 * Sends one request through the connection's axios instance, with retries for what may be
 * retried. Never throws for an HTTP or network failure inside `runOutcome`; `run` throws the
 * final AppError.
 */
import type { AxiosInstance, AxiosResponse } from 'axios'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import { AppError } from '../../../shared/domain/errors'
import type { Logger } from '../logger'
import type { RetryWait } from './types'
import { classifyStatus, classifyTransportError, type Failure } from './classify-failure'
import { readJson, type Parsed } from './parse-response'
import { backoffDelay, cancelledError, sleep, type ResolvedRetry } from './retry-policy'
import type { Traffic } from './types'

/** What we inflate ourselves (nginx in front of Laravel sends gzip when asked). */
export const ACCEPT_ENCODING = 'gzip, deflate, br'

function asBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data
  if (data instanceof ArrayBuffer) return Buffer.from(data)
  if (typeof data === 'string') return Buffer.from(data, 'utf8')
  return Buffer.alloc(0)
}

/**
 * The body as text, inflated per Content-Encoding (never past `maxBytes`: a small gzip may
 * inflate to gigabytes); 'cut' when the compressed body ends early, 'too_large' past the limit.
 */
function bodyText(body: Buffer, encoding: unknown, maxBytes: number): string | 'cut' | 'too_large' {
  const name = String(encoding ?? '')
    .trim()
    .toLowerCase()
  if (body.length === 0 || name === '' || name === 'identity') return body.toString('utf8')
  const limit = { maxOutputLength: maxBytes }
  try {
    if (name === 'gzip' || name === 'x-gzip') return gunzipSync(body, limit).toString('utf8')
    if (name === 'deflate') return inflateSync(body, limit).toString('utf8')
    if (name === 'br') return brotliDecompressSync(body, limit).toString('utf8')
  } catch (error) {
    return (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too_large' : 'cut'
  }
  return body.toString('utf8')
}

function tooLarge(what: string, maxBytes: number): Failure {
  return {
    error: new AppError({
      code: 'too_large',
      message: `${what}: the answer exceeded the size limit (more than ${maxBytes} bytes inflated)`,
    }),
    transient: false,
    maybeProcessed: true,
  }
}

function cutOff(what: string, bytes: number): Failure {
  return {
    error: new AppError({
      code: 'bad_response',
      message: `${what}: the answer was cut off (its compressed body ends after ${bytes} bytes)`,
    }),
    transient: true,
    maybeProcessed: true,
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface RequestSpec {
  method: HttpMethod
  /** Path below the API base, e.g. `/ticket/66`. */
  url: string
  params?: Record<string, unknown>
  data?: unknown
  /** What this is, for messages and logs ("GET /ticket"); never includes query values. */
  what: string
}

export interface RunOptions {
  signal?: AbortSignal | undefined
  /**
   * Whether a transient failure may be repeated. Default: any, for GET/PUT/DELETE (idempotent);
   * for POST only failures where the server certainly did nothing (429, 503, connection refused).
   */
  repeatIf?: (failure: Failure) => boolean
}

export interface HttpRunnerLimits {
  /** Largest answer once inflated (axios's maxContentLength only sees the compressed bytes). */
  maxResponseBytes?: number
  /** One attempt, from its start to the answer's last byte. */
  deadlineMs?: number
  onRetryWait?: (wait: RetryWait) => void
}

function missedDeadline(what: string, deadlineMs: number, cause: unknown): Failure {
  return {
    error: new AppError(
      {
        code: 'timeout',
        message: `${what}: no complete answer in ${Math.round(deadlineMs / 1000)} s`,
      },
      { cause },
    ),
    transient: true,
    maybeProcessed: true,
  }
}

export class HttpRunner {
  private readonly counted: Traffic = { requests: 0, bytes: 0, rawBytes: 0 }
  private readonly maxResponseBytes: number
  private readonly deadlineMs: number
  private readonly onRetryWait: ((wait: RetryWait) => void) | undefined

  constructor(
    private readonly http: AxiosInstance,
    private readonly retry: ResolvedRetry,
    private readonly logger: Logger,
    limits: HttpRunnerLimits = {},
  ) {
    this.maxResponseBytes = limits.maxResponseBytes ?? Number.POSITIVE_INFINITY
    this.deadlineMs = limits.deadlineMs ?? 15_000
    this.onRetryWait = limits.onRetryWait
  }

  traffic(): Traffic {
    return { ...this.counted }
  }

  /** One attempt. */
  async once<T>(
    spec: RequestSpec,
    parse: (body: unknown) => Parsed<T>,
    signal?: AbortSignal,
  ): Promise<Parsed<T>> {
    let raw: AxiosResponse<unknown>
    this.counted.requests += 1
    // axios's own timeout ends at the headers; this one ends at the last byte.
    const deadline = AbortSignal.timeout(this.deadlineMs)
    try {
      raw = await this.http.request<unknown>({
        method: spec.method,
        url: spec.url,
        params: spec.params,
        data: spec.data,
        signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
      })
    } catch (error) {
      if (deadline.aborted && !signal?.aborted)
        return { ok: false, failure: missedDeadline(spec.what, this.deadlineMs, error) }
      return { ok: false, failure: classifyTransportError(error, spec.what) }
    }
    const bytes = asBuffer(raw.data)
    this.counted.bytes += bytes.length
    const text = bodyText(bytes, raw.headers['content-encoding'], this.maxResponseBytes)
    if (text === 'cut') return { ok: false, failure: cutOff(spec.what, bytes.length) }
    if (text === 'too_large')
      return { ok: false, failure: tooLarge(spec.what, this.maxResponseBytes) }
    this.counted.rawBytes += Buffer.byteLength(text)
    const response: AxiosResponse<string> = { ...raw, data: text }
    const body = readJson(response, spec.what)
    if (response.status >= 200 && response.status < 300) {
      return body.ok ? parse(body.value) : body
    }
    return {
      ok: false,
      failure: classifyStatus(response, body.ok ? body.value : undefined, spec.what),
    }
  }

  /** Attempts until success, a failure not worth repeating, or the retry budget is spent. */
  async runOutcome<T>(
    spec: RequestSpec,
    parse: (body: unknown) => Parsed<T>,
    options: RunOptions = {},
  ): Promise<Parsed<T>> {
    const { signal } = options
    const repeatIf =
      options.repeatIf ?? ((f: Failure) => spec.method !== 'POST' || !f.maybeProcessed)
    const started = Date.now()
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw cancelledError()
      const outcome = await this.once(spec, parse, signal)
      if (outcome.ok) return outcome
      const failure = outcome.failure
      if (signal?.aborted || failure.error.code === 'cancelled') throw cancelledError()
      if (!failure.transient || !repeatIf(failure) || attempt >= this.retry.retries) return outcome
      // The server's Retry-After wins over our backoff, even when longer than one request's
      // timeout; only the total budget caps it.
      const wait = failure.retryAfterMs ?? backoffDelay(attempt, this.retry)
      if (Date.now() - started + wait > this.retry.maxTotalMs) return outcome
      this.logger.warn('api request will be retried', {
        request: spec.what,
        code: failure.error.code,
        status: failure.error.status,
        attempt: attempt + 1,
        waitMs: wait,
      })
      this.onRetryWait?.({
        code: failure.error.code,
        ...(failure.error.status !== undefined ? { status: failure.error.status } : {}),
        waitMs: wait,
      })
      await sleep(wait, signal)
    }
  }

  async run<T>(
    spec: RequestSpec,
    parse: (body: unknown) => Parsed<T>,
    options: RunOptions = {},
  ): Promise<T> {
    const outcome = await this.runOutcome(spec, parse, options)
    if (outcome.ok) return outcome.value
    throw outcome.failure.error
  }
}
