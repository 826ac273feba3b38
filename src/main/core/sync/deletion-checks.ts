/**
 * Safe deletion. A cached ticket missing from a complete sweep is only a candidate (the listing
 * can shift under a sweep); it is deleted when its own URL answers 404 and stored when it
 * answers 200. At most a budget of candidates is read per run, so a mass deletion cannot turn
 * one sync into thousands of requests; the rest wait in the cache's state (not in memory: a
 * restart or a hot sync must not forget them) and later runs work them off, a budget at a time.
 */
import type { Logger } from '../logger'
import type { PageWriter } from './page-writer'
import type { SyncApi } from './ports'
import type { SyncCache, SyncCounts } from './sync-types'

const CANDIDATES_KEY = 'sync:deletionCandidates'
/** Leftover candidates read by id per later run (a hot sync). */
export const LEFTOVER_CHECK_BUDGET = 100

export class DeletionChecks {
  constructor(
    private readonly cache: SyncCache,
    private readonly writer: PageWriter,
    private readonly logger: Logger,
  ) {}

  /** Candidates left for later runs. */
  pending(): number[] {
    const stored = this.cache.getState<unknown>(CANDIDATES_KEY)
    return Array.isArray(stored) ? stored.filter((id): id is number => Number.isInteger(id)) : []
  }

  private keep(ids: readonly number[]): void {
    this.cache.setState(CANDIDATES_KEY, ids.length > 0 ? ids : undefined)
  }

  /**
   * After a complete sweep: `candidates` (every cached ticket it did not list) replace any left
   * from before; the first `budget` are read by id now, the rest kept for later runs.
   */
  async confirm(
    api: SyncApi,
    candidates: readonly number[],
    budget: number,
    counts: SyncCounts,
    signal: AbortSignal,
    onEach: (done: number, total: number) => void,
  ): Promise<{ kept: number; unchecked: number }> {
    const now = candidates.slice(0, budget)
    this.keep(candidates)
    const kept = await this.workOff(api, now, counts, signal, (done) => onEach(done, now.length))
    const unchecked = this.pending().length
    if (unchecked > 0)
      this.logger.warn('deletion candidates left for the next syncs', { unchecked })
    return { kept, unchecked }
  }

  /**
   * A later run: up to `budget` of the candidates left, except those it just saw listed (they
   * exist), read by id. What this run did not get to stays stored, also when it is cancelled.
   */
  async workOffLeftovers(
    api: SyncApi,
    listed: ReadonlySet<number>,
    counts: SyncCounts,
    signal: AbortSignal,
  ): Promise<void> {
    const left = this.pending()
    if (left.length === 0) return
    const unlisted = left.filter((id) => !listed.has(id))
    if (unlisted.length < left.length) this.keep(unlisted)
    await this.workOff(api, unlisted.slice(0, LEFTOVER_CHECK_BUDGET), counts, signal)
  }

  /** Reads `ids` by id, taking each out of the stored list once it is answered. */
  private async workOff(
    api: SyncApi,
    ids: readonly number[],
    counts: SyncCounts,
    signal: AbortSignal,
    onEach?: (done: number) => void,
  ): Promise<number> {
    let finished = 0
    try {
      const kept = await this.writer.readAllAgain(api, ids, counts, signal, (n) => {
        finished = n
        onEach?.(n)
      })
      finished = ids.length
      return kept
    } finally {
      // Cancelled or failed half-way: the ones not answered yet stay for a later run.
      const settled = new Set(ids.slice(0, finished))
      if (settled.size > 0) this.keep(this.pending().filter((id) => !settled.has(id)))
    }
  }

  /** The cache was cleared or rebuilt: nothing left to check. */
  forget(): void {
    this.keep([])
  }
}
