/**
 * Opens a cache file, or the outbox beside it, for a CLI command; a missing or damaged file is an
 * error line, not a crash. Both use the key file beside the cache, as the browser host does.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError } from '../shared/domain/errors'
import { UsageError } from './cli-error'
import { keyFromFile, openCache, outboxPathFor, OutboxStore, type TicketCache } from '../main/core'

export function openCacheForCli(
  dbPath: string | undefined,
  options: { create?: boolean } = {},
): TicketCache {
  if (!dbPath) throw new UsageError('--db FILE is required')
  const path = resolve(dbPath)
  if (!options.create && !existsSync(path)) {
    throw new UsageError(`no cache at ${path} (run \`sync\` first)`)
  }
  // The key file beside the cache: the browser host opening the same file uses the same one.
  const { cache, notice } = openCache(path, { key: keyFromFile(path) })
  if (notice && !options.create) {
    cache.close()
    throw new AppError({
      code: 'cache_unavailable',
      message: `the cache file could not be read (damaged, or its key file ${path}.key is missing or another); it was moved to ${notice.movedTo}. Run \`sync\` to rebuild it`,
    })
  }
  if (notice)
    process.stderr.write(`warning: unreadable cache moved to ${notice.movedTo}; rebuilding\n`)
  return cache
}

/** The outbox of the cache at `dbPath`, encrypted with the cache's key (the host opens it too). */
export function openOutboxForCli(dbPath: string | undefined): OutboxStore {
  if (!dbPath) throw new UsageError('--db FILE is required')
  const path = resolve(dbPath)
  return new OutboxStore(outboxPathFor(path), { key: keyFromFile(path) })
}
