/** Turns any thrown value into a translated sentence: by error code, never a stack or raw message. */
import { useI18n } from 'vue-i18n'
import { isAppError } from '../../../shared/domain/errors'

export function useErrorText(): (error: unknown) => string {
  const { t } = useI18n()
  return (error: unknown) => {
    if (isAppError(error)) {
      if (error.code === 'rate_limited' && error.retryAfterMs) {
        return t('errors.rate_limited_wait', { s: Math.ceil(error.retryAfterMs / 1000) })
      }
      return t(`errors.${error.code}`)
    }
    return t('errors.internal')
  }
}
