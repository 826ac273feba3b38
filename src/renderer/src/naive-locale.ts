/**
 * naive-ui's texts and calendars for each app language. Its own zh-TW starts weeks on Monday
 * (naive counts 0 = Monday) and titles a month "2026 年 12月"; Taiwan's calendars start on
 * Sunday and read "2026年12月". English keeps naive's defaults.
 */
import { createLocale, dateEnUS, dateZhTW, enUS, zhTW } from 'naive-ui'
import { computed } from 'vue'
import type { Language } from '../../shared/contract/contract'
import { useSettingsStore } from './stores/settings'

const zhTWAgent = createLocale(
  {
    DatePicker: {
      yearFormat: 'yyyy年',
      monthFormat: 'M月',
      // naive's numbering: 0 is Monday, 6 is Sunday.
      firstDayOfWeek: 6,
      weekPlaceholder: '選擇週',
    },
  },
  zhTW,
)

/** The naive-ui locale, date locale and calendar header separator of an app language. */
export function naiveLocale(language: Language) {
  return language === 'en'
    ? { locale: enUS, dateLocale: dateEnUS, monthYearSeparator: ' ' }
    : { locale: zhTWAgent, dateLocale: dateZhTW, monthYearSeparator: '' }
}

/**
 * The date pickers' calendar header props for the agent's language (naive-ui takes the
 * separator between year and month as a prop, not from its locale): `v-bind` it on each picker.
 */
export function useCalendarHeader() {
  const settings = useSettingsStore()
  return computed(() => ({
    calendarHeaderMonthYearSeparator: naiveLocale(settings.language).monthYearSeparator,
  }))
}
