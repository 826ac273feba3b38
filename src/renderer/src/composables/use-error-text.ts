/** Turns any thrown value into a translated sentence: by error code, never a stack or raw message. */
import { useI18n } from 'vue-i18n'
import { ERROR_CODES, type AppErrorData, type ErrorCode } from '../../../shared/domain/errors'

/**
 * The error's data, whether it is an AppError (thrown by the client) or the same fields as plain
 * data (a sync status pushed by an event, which crosses the bridge as JSON); null otherwise.
 */
export function errorDataOf(error: unknown): AppErrorData | null {
  if (typeof error !== 'object' || error === null) return null
  const code = (error as { code?: unknown }).code
  if (typeof code !== 'string' || !(ERROR_CODES as readonly string[]).includes(code)) return null
  const e = error as Partial<AppErrorData>
  return {
    code: code as ErrorCode,
    message: typeof e.message === 'string' ? e.message : '',
    ...(typeof e.retryAfterMs === 'number' ? { retryAfterMs: e.retryAfterMs } : {}),
    ...(typeof e.status === 'number' ? { status: e.status } : {}),
    ...(typeof e.reason === 'string' ? { reason: e.reason } : {}),
    ...(typeof e.params === 'object' && e.params !== null ? { params: e.params } : {}),
  }
}

export function useErrorText(): (error: unknown) => string {
  const { t, te } = useI18n()
  return (error: unknown) => {
    const data = errorDataOf(error)
    if (data) {
      // A finer cause with its own sentence (which template, which field) says more than the code.
      if (data.reason && te(`errors.reason.${data.reason}`))
        return t(`errors.reason.${data.reason}`, data.params ?? {})
      if (data.code === 'rate_limited' && data.retryAfterMs) {
        return t('errors.rate_limited_wait', { s: Math.ceil(data.retryAfterMs / 1000) })
      }
      return t(`errors.${data.code}`)
    }
    return t('errors.internal')
  }
}
