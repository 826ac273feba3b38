/** The app's languages: Traditional Chinese first (the default), English second. */
export const LANGUAGES = ['zh-TW', 'en'] as const
export type Language = (typeof LANGUAGES)[number]
