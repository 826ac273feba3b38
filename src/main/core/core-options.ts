/** How a shell starts the core (createCore); the worker passes the serializable part. */
import type { Logger } from './logger'
import type { Clock } from './sync/ports'
import type { SecretStore } from './settings/secret-store'

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
  /**
   * The cache's encryption key, 64 hex characters: the desktop shell's, kept with safeStorage.
   * Without it the core uses (creating it) the 0600 key file `<dbPath>.key` (database-key.ts).
   */
  cacheKey?: string
  /**
   * The agent confirmed (twice) discarding waiting edits that no key can open: their file is set
   * aside (kept) instead of stopping the start (outbox/open-outbox.ts).
   */
  discardWaitingEdits?: boolean
  /** better-sqlite3 built for Electron (the desktop shell passes it; Node uses the default). */
  nativeBinding?: string
  /** Start pre-connected (browser host flags, tests). */
  connect?: { apiUrl: string; token?: string; allowInsecure?: boolean }
  /** The team hub to follow (the browser host's and the CLI's `--hub-url`); kept in the settings. */
  hubUrl?: string
  /** Periodic background sync (default true). */
  autoSync?: boolean
  /**
   * The outbox tries a failed send again on a timer (default true); the CLI runs one command and
   * leaves, so what failed waits for the next `sync` or write instead.
   */
  outboxRetry?: boolean
  /** The sync's clock (tests drive the browser host's core on a fake one); default real time. */
  syncClock?: Clock
  /** Check every result against the contract's output schema (development and tests). */
  validateOutput?: boolean
}
