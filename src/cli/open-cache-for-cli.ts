/**
 * Opens a cache file, or the outbox beside it, for a CLI command; a missing or damaged file is an
 * error line, not a crash. Both use the key file beside the cache, as the browser host does.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError } from '../shared/domain/errors'
import { UsageError } from './cli-error'
import {
  guardKeyReplacement,
  keyFilePath,
  keyFromFile,
  openCache,
  openOutbox,
  outboxPathFor,
  type OutboxStore,
  type TicketCache,
} from '../main/core'

let discardWaitingEdits = false

/** The agent confirmed `--discard-waiting-edits`: waiting edits no key opens are set aside. */
export function discardWaitingEditsOnOpen(): void {
  discardWaitingEdits = true
}

/** Whether `--discard-waiting-edits` was confirmed (the core for a command is told so too). */
export function waitingEditsDiscarded(): boolean {
  return discardWaitingEdits
}

/**
 * The key file beside the cache (the browser host opening the same file uses the same one); never
 * replaced while waiting edits the old key encrypted are there, unless confirmed.
 */
function keyFor(path: string): Buffer {
  return keyFromFile(path, {
    beforeReplace: (file) => guardKeyReplacement(path, file, { discardWaitingEdits }),
  })
}

export function openCacheForCli(
  dbPath: string | undefined,
  options: { create?: boolean } = {},
): TicketCache {
  if (!dbPath) throw new UsageError('--db FILE is required')
  const path = resolve(dbPath)
  if (!options.create && !existsSync(path)) {
    throw new UsageError(`no cache at ${path} (run \`sync\` first)`)
  }
  // The waiting edits first: a key that cannot open them stops here, naming them, before the
  // cache (a copy of the server) is found unreadable with the same key.
  openOutboxForCli(path).close()
  const { cache, notice } = openCache(path, { key: keyFor(path) })
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
  const { store, notice } = openOutbox(outboxPathFor(path), {
    key: keyFor(path),
    keyWhere: keyFilePath(path),
    discardWaitingEdits,
  })
  if (notice)
    process.stderr.write(
      `warning: the outbox file was damaged: ${notice.salvaged} waiting edit(s) read back, the damaged file kept at ${notice.movedTo}; check \`outbox\`\n`,
    )
  return store
}
