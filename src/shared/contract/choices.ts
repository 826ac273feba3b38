/** Choices the screens list, without zod: the first page needs them before any schema. */
export const LANGUAGES = ['zh-TW', 'en'] as const
/** The app's languages: Traditional Chinese first (the default), English second. */
export type Language = (typeof LANGUAGES)[number]
export const THEMES = ['light', 'dark', 'system'] as const
export const ALERT_KINDS = ['assigned', 'due_soon', 'overdue'] as const
