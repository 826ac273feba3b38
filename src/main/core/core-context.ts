/** What every handler factory of the core is given. */
import type { Notice } from '../../shared/contract/contract'
import type { EventBus } from './events/event-bus'
import type { Logger } from './logger'
import type { SecretStore } from './settings/secret-store'
import type { SettingsStore } from './settings/settings-store'

export interface CoreOptions {
  /** Which shell runs the core. */
  host: 'desktop' | 'web' | 'cli'
  version: string
  /** Folder for settings.json and the cache; null keeps settings in memory. */
  dataDir: string | null
  /** Cache file; defaults to `<dataDir>/cache.sqlite`. */
  dbPath?: string
  secrets: SecretStore
  logger?: Logger
  /** better-sqlite3 built for Electron (the desktop shell passes it; Node uses the default). */
  nativeBinding?: string
  /** Start pre-connected (browser host flags, tests). */
  connect?: { apiUrl: string; token?: string }
  /** Periodic background sync (default true). */
  autoSync?: boolean
  /** Check every result against the contract's output schema (development and tests). */
  validateOutput?: boolean
  /** How often the agent's own open tickets are refreshed between sweeps (default 30 s). */
  mineRefreshMs?: number
}

export interface CoreContext {
  options: CoreOptions
  settings: SettingsStore
  secrets: SecretStore
  events: EventBus
  logger: Logger
  /** Notices not yet collected by the screens (handed out once by app:notices). */
  notices: Notice[]
  /** Called when settings that the sync engine depends on change (interval, who I am). */
  onSettingsChanged?: () => void
}
