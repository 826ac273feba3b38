/**
 * vue-i18n set up with the app's two languages; zh-TW is the default and the fallback, so it is
 * always loaded, and English arrives on its own only for an agent who uses it (the first screen
 * does not parse a language nobody reads).
 */
import { createI18n } from 'vue-i18n'
import type { Language } from '../../shared/contract/contract'
import zhTW, { type Messages } from './locales/zh-TW'

export function createAppI18n() {
  return createI18n<[Messages], Language, false>({
    legacy: false,
    locale: 'zh-TW',
    fallbackLocale: 'zh-TW',
    messages: { 'zh-TW': zhTW } as Record<Language, Messages>,
    missingWarn: false,
    fallbackWarn: false,
  })
}

export type AppI18n = ReturnType<typeof createAppI18n>

/** Switches to `language` (the global composer), loading its messages on their first use. */
export async function switchLanguage(i18n: AppI18n['global'], language: Language): Promise<void> {
  if (!i18n.availableLocales.includes(language)) {
    i18n.setLocaleMessage(language, (await import('./locales/en')).default)
  }
  i18n.locale.value = language
}
