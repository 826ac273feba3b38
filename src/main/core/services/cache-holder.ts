/**
 * Owns the open cache: opens it at start (a damaged file is set aside and rebuilt by the db
 * module, and the agent is told), reopens it when a query reports corruption, and clears it on
 * sign-out or when the agent connects to another server.
 */
import { existsSync, renameSync, rmSync } from 'node:fs'
import { AppError } from '../../../shared/domain/errors'
import { openCache } from '../db/cache'
import type { Logger } from '../logger'
import type { CachePort } from './cache-port'

export interface CacheHolderOptions {
  path: string
  nativeBinding?: string
  logger: Logger
  /** A damaged cache was set aside and a fresh one created. */
  onRebuilt: (movedTo: string) => void
}

const CORRUPTION = /SQLITE_CORRUPT|SQLITE_NOTADB|malformed|not a database/i

export class CacheHolder {
  private cache: CachePort | null = null

  constructor(private readonly options: CacheHolderOptions) {}

  /** The open cache, opening it on first use. */
  get(): CachePort {
    if (!this.cache) this.open()
    return this.cache as CachePort
  }

  /** The open cache or null (for the sync engine, which must not reopen a closed one). */
  current(): CachePort | null {
    return this.cache
  }

  /** Runs a read or write; a corruption error sets the file aside and starts a fresh cache. */
  use<T>(work: (cache: CachePort) => T): T {
    const cache = this.get()
    try {
      return work(cache)
    } catch (error) {
      const message = error instanceof Error ? `${(error as { code?: string }).code ?? ''} ${error.message}` : ''
      if (!CORRUPTION.test(message)) throw error
      this.options.logger.error('cache reported corruption; setting it aside', { error: message.slice(0, 200) })
      this.recover()
      throw new AppError({
        code: 'cache_unavailable',
        message: 'The local cache was damaged and is being rebuilt',
      })
    }
  }

  /** Closes and deletes the cache files, then opens an empty cache. */
  clear(): void {
    this.close()
    for (const suffix of ['', '-wal', '-shm']) rmSync(this.options.path + suffix, { force: true })
    this.open()
  }

  close(): void {
    try {
      this.cache?.close()
    } catch {
      // Closing a damaged database may fail; the file is set aside or removed next anyway.
    }
    this.cache = null
  }

  private open(): void {
    const { cache, notice } = openCache(this.options.path, {
      logger: this.options.logger,
      ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
    })
    this.cache = cache as unknown as CachePort
    if (notice) this.options.onRebuilt(notice.movedTo)
  }

  /** Renames the damaged file (kept for diagnosis, never deleted) and opens a fresh cache. */
  private recover(): void {
    this.close()
    const aside = `${this.options.path}.damaged-${Date.now()}`
    for (const suffix of ['', '-wal', '-shm']) {
      const file = this.options.path + suffix
      if (existsSync(file)) renameSync(file, aside + suffix)
    }
    this.open()
    this.options.onRebuilt(aside)
  }
}
