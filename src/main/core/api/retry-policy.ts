/**
 * When and how long to wait before trying a request again. Written by hand rather than with
 * axios-retry, whose defaults drop a Retry-After longer than the request timeout, never retry
 * timeouts and repeat a POST after a reset (docs/measurements.md, "Network client").
 */
import { AppError } from '../../../shared/domain/errors'

export interface RetryOptions {
  /** Further attempts after the first (default 4). */
  retries?: number
  /** First backoff step (default 300 ms); doubles per attempt, with jitter. */
  baseDelayMs?: number
  /** Largest single backoff wait (default 8 s); a server's Retry-After may exceed it. */
  maxDelayMs?: number
  /** Budget for all attempts and waits together (default 60 s). */
  maxTotalMs?: number
}

export type ResolvedRetry = Required<RetryOptions>

export function resolveRetry(options: RetryOptions | undefined): ResolvedRetry {
  return {
    retries: options?.retries ?? 4,
    baseDelayMs: options?.baseDelayMs ?? 300,
    maxDelayMs: options?.maxDelayMs ?? 8000,
    maxTotalMs: options?.maxTotalMs ?? 60_000,
  }
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, so waits never collapse to 0. */
export function backoffDelay(attempt: number, retry: ResolvedRetry, random = Math.random): number {
  const step = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt)
  return Math.round(step / 2 + random() * (step / 2))
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(header: unknown, now = Date.now()): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined
  const value = header.trim()
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** Waits `ms`, or rejects with a `cancelled` AppError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError())
      return
    }
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(cancelledError())
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

export function cancelledError(): AppError {
  return new AppError({ code: 'cancelled', message: 'The request was cancelled.' })
}
