/**
 * The core's public surface: everything the shells (the desktop shell in src/main, the browser
 * host, the CLI) and the benchmarks may use of the core. They import this file only (a lint rule
 * says so); what is not exported here is the core's own business and may change freely.
 */

// Starting the core: in a worker thread (both app shells) or in-process (CLI, tests).
export {
  createCore,
  type Core,
  type CoreEndpoint,
  type CoreOptions,
  type SyncedCache,
} from './core'
export { startCoreWorker } from './worker/core-worker-client'

// What a shell sets up around it: logs, private files, the cache key, the token.
export {
  createLineLogger,
  createStderrLogger,
  LOG_LEVELS,
  silentLogger,
  type Logger,
  type LogLevel,
} from './logger'
export { PRIVATE_FILE_MODE, privateDir } from './db/file-modes'
export { keyFilePath, keyFromFile, newDatabaseKey, parseDatabaseKey } from './db/database-key'
export { createMemorySecretStore, type SecretStore } from './settings/secret-store'
export { readTokenInput, TOKEN_ENV } from './settings/token-input'
export { assertSecureAddress, normalizeApiBase } from './api/normalize-base'
export {
  checkTokenAddresses,
  failUsage,
  parsePort,
  readHostToken,
  runHost,
  stopOnSignals,
} from './host/node-host'

// The parts, for the CLI's commands on a cache file and for the benchmarks.
export { createVendorClient, type VendorClient, type TicketSearchParams } from './api/index'
export { parsePage } from './api/parse-response'
export { openCache, TicketCache } from './db/cache'
export type { Overview, OverviewQuery } from './insights/overview'
export type {
  BulkWrite,
  CacheNotice,
  TicketCacheReader,
  TicketCacheWriter,
  UpsertResult,
} from './db/cache-interfaces'
export { CIPHER, PREVIOUS_CIPHER, type Cipher } from './db/open-database'
export { Outbox } from './outbox/outbox'
export { OutboxSender } from './outbox/outbox-sender'
export { OutboxStore, outboxPathFor } from './outbox/outbox-store'
export { DISCARD_FLAG, DISCARD_WORD, guardKeyReplacement, openOutbox } from './outbox/open-outbox'
export { confirmDiscard } from './outbox/confirm-discard'
export type { Clock, SyncApi } from './sync/ports'
export { SyncEngine, type SyncEngineOptions, type SyncSummary } from './sync/sync-engine'
export { tiersOf } from './sync/sync-tiers'
export { cancelled } from './sync/sync-types'

// Following the team hub (one more sync source).
export { HubError, HubFollower, HubHttp, openStream } from './hub-client'

// Export of the queue to CSV / XLSX (the CLI writes its --out; the shells hand on the core's file).
export {
  exportTickets,
  EXPORT_PAGE_SIZE,
  type ExportOptions,
  type ExportOutcome,
  type ExportRun,
  type ExportSource,
} from './export/export-tickets'
export { cacheExportSource, type ExportQuestion } from './export/cache-source'
export { exportDirFor, spoolPath } from './export/export-spool'
