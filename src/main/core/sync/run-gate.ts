/**
 * One run at a time, and a way to stop it (the role of Joplin's LockHandler): in this process
 * by the run in flight, across processes by the cache file's sync lock, taken before any request.
 * It owns the run in flight and its abort controller; `settled()` lets shutdown wait for the run
 * to let go of the cache before the cache closes.
 */
import { AppError, toErrorData } from '../../../shared/domain/errors'
import type { Logger } from '../logger'
import type { SyncCache, SyncKind, SyncSummary } from './sync-types'

export class RunGate {
  private current: Promise<SyncSummary> | null = null
  private controller: AbortController | null = null

  constructor(
    private readonly cache: SyncCache,
    private readonly logger: Logger,
  ) {}

  isRunning(): boolean {
    return this.current !== null
  }

  /** The run in flight, to wait for its summary; null when none runs. */
  inFlight(): Promise<SyncSummary> | null {
    return this.current
  }

  /**
   * Runs `work` as the one run of this cache file; rejects with `busy` at once when a run is in
   * flight here, or another process holds the file's lock. The lock is released however it ends.
   */
  run(kind: SyncKind, work: (signal: AbortSignal) => Promise<SyncSummary>): Promise<SyncSummary> {
    if (this.current) {
      return Promise.reject(new AppError({ code: 'busy', message: 'A sync is already running' }))
    }
    let holder
    try {
      holder = this.cache.acquireSyncLock(kind)
    } catch (error) {
      return Promise.reject(error instanceof AppError ? error : new AppError(toErrorData(error)))
    }
    if (holder) {
      return Promise.reject(
        new AppError({
          code: 'busy',
          message:
            `another process is syncing this cache (pid ${holder.pid}, ${holder.what} sync ` +
            `since ${holder.since})`,
        }),
      )
    }
    const controller = new AbortController()
    this.controller = controller
    const run = (async () => {
      try {
        return await work(controller.signal)
      } finally {
        this.controller = null
        this.current = null
        try {
          this.cache.releaseSyncLock()
        } catch (error) {
          this.logger.warn('could not release the sync lock', toErrorData(error))
        }
      }
    })()
    this.current = run
    return run
  }

  /** Aborts the run in flight (it ends with `cancelled`); false when none runs. */
  cancel(): boolean {
    if (!this.controller) return false
    this.controller.abort()
    return true
  }

  /** Resolves once no run is in flight (never rejects). */
  async settled(): Promise<void> {
    while (this.current) await this.current.catch(() => undefined)
  }
}
