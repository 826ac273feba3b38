/**
 * Owns the open cache: opens it at start, and clears it on sign-out or when the agent connects to
 * another server. A damaged file (found when opening or by a later query) is set aside and
 * replaced by the db module itself; `onRebuilt` lets the core tell the agent and refill it.
 */
import { rmSync } from 'node:fs'
import { openCache } from '../db/cache'
import type { Logger } from '../logger'
import type { CachePort } from './cache-port'

export interface CacheHolderOptions {
  path: string
  nativeBinding?: string
  logger: Logger
  onRebuilt: (movedTo: string) => void
}

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

  /** Closes and deletes the cache files, then opens an empty cache. */
  clear(): void {
    this.close()
    if (this.options.path !== ':memory:') {
      for (const suffix of ['', '-wal', '-shm']) rmSync(this.options.path + suffix, { force: true })
    }
    this.open()
  }

  close(): void {
    this.cache?.close()
    this.cache = null
  }

  private open(): void {
    const { cache, notice } = openCache(this.options.path, {
      logger: this.options.logger,
      onRebuilt: (n) => this.options.onRebuilt(n.movedTo),
      ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
    })
    this.cache = cache
    if (notice) this.options.onRebuilt(notice.movedTo)
  }
}
