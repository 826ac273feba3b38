/** "3 d 4 h" style text for a number of seconds, in the app's language. */
import { useI18n } from 'vue-i18n'
import { splitDuration } from '../utils/format'

export function useDurationText(): (seconds: number) => string {
  const { t } = useI18n()
  return (seconds: number) => {
    const { days, hours, minutes } = splitDuration(seconds)
    if (days > 0) {
      return hours > 0
        ? `${t('time.days', { n: days })} ${t('time.hours', { n: hours })}`
        : t('time.days', { n: days })
    }
    if (hours > 0) {
      return minutes > 0
        ? `${t('time.hours', { n: hours })} ${t('time.minutes', { n: minutes })}`
        : t('time.hours', { n: hours })
    }
    if (minutes > 0) return t('time.minutes', { n: minutes })
    return t('time.lessThanMinute')
  }
}
