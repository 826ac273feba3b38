/**
 * The contract's schemas for the agent's settings and the connection to the server (address,
 * token, identity, language, theme, time zone). Imported through contract.ts.
 */
import { z } from 'zod'
import { isValidTimeZone } from '../domain/server-time'

const apiUrl = z
  .string()
  .trim()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://')
/** Names and labels: long enough for any real one, bounded for a hostile caller. */
export const shortText = z.string().max(200)
export const connectionInput = z.strictObject({
  apiUrl,
  token: z.string().max(4096).optional(),
  /** The agent accepted an unencrypted (http://) connection to another computer. */
  allowInsecure: z.boolean().optional(),
})
/** An IANA time zone that this runtime's Intl knows (an unknown one would break the queue). */
export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isValidTimeZone, 'unknown time zone (expected an IANA name such as Asia/Taipei)')

export const LANGUAGES = ['zh-TW', 'en'] as const
/** The app's languages: Traditional Chinese first (the default), English second. */
export type Language = (typeof LANGUAGES)[number]
export const THEMES = ['light', 'dark', 'system'] as const

/** Who the agent is: a snapshot of their employee record, so "mine" works offline. */
export const meSchema = z.strictObject({
  id: z.number().int(),
  name: shortText.nullable(),
  employeeNo: z.string().max(64).nullable(),
})

export const settingsSchema = z.strictObject({
  apiUrl: z.string().max(2048).nullable(),
  /** The agent accepted http:// to another computer for apiUrl. */
  allowInsecureApi: z.boolean(),
  hasToken: z.boolean(),
  me: meSchema.nullable(),
  syncIntervalSec: z.number().int().min(30).max(3600),
  language: z.enum(LANGUAGES),
  theme: z.enum(THEMES),
  /** The API's datetimes are wall-clock time in this zone (never converted, only compared). */
  serverTimeZone: timeZoneSchema,
  /** Desktop notifications for alerts (absent: on). */
  notifications: z.boolean().optional(),
  /** The team hub's address (團隊中樞位址); null or absent: sync directly. */
  hubUrl: z.string().max(2048).nullable().optional(),
})
export type Settings = z.infer<typeof settingsSchema>

export const settingsPatchSchema = settingsSchema
  .pick({
    me: true,
    syncIntervalSec: true,
    language: true,
    theme: true,
    serverTimeZone: true,
    notifications: true,
  })
  .extend({ hubUrl: apiUrl.nullable() })
  .partial()
  .strict()
