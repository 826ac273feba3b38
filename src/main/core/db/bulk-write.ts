/**
 * A bulk write (a full sync's pages) as a session the types put in order: `beginBulk()` hands
 * out a BulkWrite, the pages are written through the cache, `checkpointStep()` runs between
 * them, and `finish()` ends it; only then does the upkeep the session left (indexes a first sync
 * left out, planner statistics) run, a bounded step at a time (`maintenanceStep`).
 */
import type { Logger } from '../logger'
import { buildNextDeferredIndex, deferTicketIndexes } from './deferred-indexes'
import { setAutoCheckpoint, type Db } from './open-database'
import { analyzeOne, statsTargets } from './planner-stats'

/** One bulk write in progress: get it from `beginBulk()`, end it with `finish()`. */
export interface BulkWrite {
  /**
   * Between pages (in its own turn of the event loop, not inside a page): copies the write-ahead
   * log back once a few pages' writes have gathered (bounded work; zeros when it did nothing).
   */
  checkpointStep(): { logFrames: number; copiedFrames: number }
  /**
   * After the last page (also when the write stops early): automatic checkpoints back on and one
   * last checkpoint step. Later calls on this session do nothing.
   */
  finish(): void
}

/**
 * In a bulk write, checkpointStep copies the log back only once this many tickets were written
 * since the last copy (~1,500 log frames, ~6 MB). Each copy has a fixed cost (it syncs the log
 * and the file); once per page it was a third of a first sync's database time.
 */
const CHECKPOINT_AFTER_TICKETS = 400

/** Runs a function on the cache's current connection (with the cache's damage handling). */
type Run = <T>(fn: (db: Db) => T) => T

/** The bulk-write state of one cache: the session in progress and the upkeep it left. */
export class BulkWrites {
  private active: BulkWrite | null = null
  private pendingAnalyze: string[] = []
  /** A first sync left the tickets' indexes out (deferred-indexes.ts): built after it. */
  private indexesDeferred = false
  /** Tickets written since the last checkpoint step that copied. */
  private writtenSinceCheckpoint = 0

  constructor(
    private readonly run: Run,
    private readonly logger: Logger,
  ) {}

  /** Counts written tickets, for the checkpoint steps of a session. */
  noteWritten(tickets: number): void {
    this.writtenSinceCheckpoint += tickets
  }

  /**
   * No automatic checkpoints, which otherwise land inside random page transactions and stall them
   * (p99 380 ms vs 31 ms with this: docs/measurements.md, "Writes"); into an empty cache, the
   * tickets' indexes are left out until it is full.
   */
  begin(): BulkWrite {
    this.active?.finish()
    this.run((db) => {
      setAutoCheckpoint(db, false)
      const deferred = deferTicketIndexes(db)
      if (deferred > 0) {
        this.indexesDeferred = true
        this.logger.info('indexes left out until the first sync ends', { deferred })
      }
    })
    this.pendingAnalyze = []
    const session: BulkWrite = {
      checkpointStep: () => {
        if (this.active !== session) return { logFrames: 0, copiedFrames: 0 }
        if (this.writtenSinceCheckpoint < CHECKPOINT_AFTER_TICKETS) {
          return { logFrames: 0, copiedFrames: 0 }
        }
        return this.checkpoint()
      },
      finish: () => {
        if (this.active !== session) return
        this.active = null
        this.end()
      },
    }
    this.active = session
    return session
  }

  /** Copies the log into the database file without waiting for readers (PASSIVE). */
  private checkpoint(): { logFrames: number; copiedFrames: number } {
    this.writtenSinceCheckpoint = 0
    return this.run((db) => {
      const row = db.pragma('wal_checkpoint(PASSIVE)') as {
        busy: number
        log: number
        checkpointed: number
      }[]
      return { logFrames: row[0]?.log ?? 0, copiedFrames: row[0]?.checkpointed ?? 0 }
    })
  }

  /**
   * No TRUNCATE: the log file is cut back by journal_size_limit when it restarts. The planner's
   * statistics are refreshed by maintenanceStep(), one index per call, so that no call holds the
   * thread for long.
   */
  private end(): void {
    this.run((db) => {
      setAutoCheckpoint(db, true)
      db.pragma('wal_checkpoint(PASSIVE)')
      this.pendingAnalyze = this.indexesDeferred ? [] : statsTargets(db)
    })
  }

  /**
   * One bounded piece of the work a bulk write leaves (an index a first sync left out, ~10-100 ms
   * at 100k tickets, then a sampled ANALYZE of one index, ~10 ms). True while more remains.
   */
  maintenanceStep(): boolean {
    if (this.indexesDeferred && this.active === null) {
      if (this.run((db) => buildNextDeferredIndex(db))) return true
      this.indexesDeferred = false
      this.pendingAnalyze = this.run((db) => statsTargets(db))
      return this.pendingAnalyze.length > 0
    }
    const next = this.pendingAnalyze.shift()
    if (next === undefined) return false
    this.run((db) => analyzeOne(db, next))
    return this.pendingAnalyze.length > 0
  }

  /** The cache started a fresh file: a session in progress no longer applies. */
  forget(): void {
    this.active = null
    this.pendingAnalyze = []
    this.indexesDeferred = false
    this.writtenSinceCheckpoint = 0
  }

  /** Closing: a session in progress is finished first. */
  finishActive(): void {
    this.active?.finish()
  }
}
