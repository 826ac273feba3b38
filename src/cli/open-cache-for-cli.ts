/** Opens a cache file for a CLI command; a missing or damaged file is an error line, not a crash. */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { openCache, type TicketCache } from '../main/core/db/cache'
import { AppError } from '../shared/domain/errors'
import { UsageError } from './cli-error'

export function openCacheForCli(
  dbPath: string | undefined,
  options: { create?: boolean } = {},
): TicketCache {
  if (!dbPath) throw new UsageError('--db FILE is required')
  const path = resolve(dbPath)
  if (!options.create && !existsSync(path)) {
    throw new UsageError(`no cache at ${path} (run \`sync\` first)`)
  }
  const { cache, notice } = openCache(path)
  if (notice && !options.create) {
    cache.close()
    throw new AppError({
      code: 'cache_unavailable',
      message: `the cache file was damaged; it was moved to ${notice.movedTo}. Run \`sync\` to rebuild it`,
    })
  }
  if (notice)
    process.stderr.write(`warning: damaged cache moved to ${notice.movedTo}; rebuilding\n`)
  return cache
}
