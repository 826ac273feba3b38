/** vue-i18n set up with the app's two languages; zh-TW is the default and the fallback. */
import { createI18n } from 'vue-i18n'
import type { Language } from '../../shared/contract/contract'
import en from './locales/en'
import zhTW, { type Messages } from './locales/zh-TW'

export function createAppI18n(locale: Language = 'zh-TW') {
  return createI18n<[Messages], Language, false>({
    legacy: false,
    locale,
    fallbackLocale: 'zh-TW',
    messages: { 'zh-TW': zhTW, en },
    missingWarn: false,
    fallbackWarn: false,
  })
}

export type AppI18n = ReturnType<typeof createAppI18n>
