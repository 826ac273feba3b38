/**
 * The agent's settings and saved views, in `settings.json` in the data folder. Written atomically
 * (temporary file, then rename) so a crash never leaves half a file; a file that does not parse is
 * set aside and defaults are used, so a bad file never stops the app from starting.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { meSchema, settingsSchema, LANGUAGES, THEMES } from '../../../shared/contract/contract'
import { savedViewSchema, type SavedView } from '../../../shared/domain/queue'
import { DEFAULT_SERVER_TIME_ZONE, isValidTimeZone } from '../../../shared/domain/server-time'
import type { Logger } from '../logger'

const storedSchema = z.object({
  apiUrl: z.string().nullable().default(null),
  /** The agent accepted http:// to a computer other than this one for apiUrl. */
  allowInsecureApi: z.boolean().default(false),
  me: meSchema.nullable().default(null),
  // The hot tier's period: open tickets and those of the last 7 days within 5 minutes.
  syncIntervalSec: settingsSchema.shape.syncIntervalSec.default(290),
  language: z.enum(LANGUAGES).default('zh-TW'),
  theme: z.enum(THEMES).default('system'),
  // A zone Intl does not know would break every queue page: checked here too, for old files.
  serverTimeZone: z
    .string()
    .refine(isValidTimeZone)
    .catch(DEFAULT_SERVER_TIME_ZONE)
    .default(DEFAULT_SERVER_TIME_ZONE),
  notifications: z.boolean().default(true),
  /** The team hub's address; null: the desktop syncs directly. */
  hubUrl: z.string().nullable().default(null),
  savedViews: z.array(savedViewSchema).default([]),
})
export type StoredSettings = z.infer<typeof storedSchema>

export class SettingsStore {
  private data: StoredSettings

  /** `path` null keeps settings in memory (tests, a kiosk started with --api-url). */
  constructor(
    private readonly path: string | null,
    private readonly logger: Logger,
  ) {
    this.data = this.load()
  }

  get(): StoredSettings {
    return structuredClone(this.data)
  }

  update(patch: Partial<StoredSettings>): StoredSettings {
    this.data = storedSchema.parse({ ...this.data, ...patch })
    this.save()
    return this.get()
  }

  /** Adds a view, or replaces the one with its id where it stands (a rename keeps its place). */
  saveView(view: SavedView): SavedView[] {
    const views = this.data.savedViews
    const next = views.some((v) => v.id === view.id)
      ? views.map((v) => (v.id === view.id ? view : v))
      : [...views, view]
    return this.update({ savedViews: next }).savedViews
  }

  deleteView(id: string): SavedView[] {
    return this.update({ savedViews: this.data.savedViews.filter((v) => v.id !== id) }).savedViews
  }

  private load(): StoredSettings {
    if (!this.path || !existsSync(this.path)) return storedSchema.parse({})
    try {
      return storedSchema.parse(JSON.parse(readFileSync(this.path, 'utf8')))
    } catch (error) {
      const aside = `${this.path}.damaged-${Date.now()}`
      renameSync(this.path, aside)
      this.logger.warn('settings file unreadable; set aside, using defaults', {
        movedTo: aside,
        reason: error instanceof Error ? error.message.slice(0, 200) : 'unknown',
      })
      return storedSchema.parse({})
    }
  }

  private save(): void {
    if (!this.path) return
    mkdirSync(dirname(this.path), { recursive: true })
    const tmp = `${this.path}.tmp`
    writeFileSync(tmp, JSON.stringify(this.data, null, 2), { mode: 0o600 })
    renameSync(tmp, this.path)
  }
}
