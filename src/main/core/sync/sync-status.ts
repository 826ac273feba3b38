/**
 * The status the screens see (state, progress, last error, when the next try is, what a running
 * sync waits for, each tier's freshness, paused) and the "tickets changed" nudge, throttled
 * during a sweep. Only this part writes them; every change goes out through `onStatus`.
 */
import type { SyncStatus } from '../../../shared/contract/contract'
import { isUnreachable, type AppErrorData } from '../../../shared/domain/errors'

type Tiers = NonNullable<SyncStatus['tiers']>
type Phase = NonNullable<SyncStatus['progress']>['phase']

/** At most one "tickets changed" a second while a sync writes page after page. */
const CHANGED_THROTTLE_MS = 1_000

export interface StatusBoardOptions {
  onStatus?: (status: SyncStatus) => void
  onTicketsChanged?: () => void
  now: () => number
  paused: () => boolean
}

export class StatusBoard {
  private state: SyncStatus = {
    state: 'not_configured',
    lastSyncAt: null,
    progress: null,
    error: null,
  }
  private lastChangeEmit = 0

  constructor(private readonly options: StatusBoardOptions) {}

  get(): SyncStatus {
    return structuredClone(this.state)
  }

  /** Online, offline, syncing, error or not configured, without a copy of the rest. */
  stateNow(): SyncStatus['state'] {
    return this.state.state
  }

  /** Merges `change` into the status and tells the screens (paused is always the truth). */
  update(change: Partial<SyncStatus>): void {
    this.state = { ...this.state, ...change, paused: this.options.paused() }
    this.options.onStatus?.(this.get())
  }

  /** Between runs: configured or not, the last complete sync and the tiers (from the cache). */
  idle(configured: boolean, lastSyncAt: string | null, tiers: Tiers): void {
    if (!configured) {
      this.state = { state: 'not_configured', lastSyncAt, progress: null, error: null, tiers }
      this.update({})
      return
    }
    const state = this.state.state === 'not_configured' ? 'online' : this.state.state
    this.update({ state, lastSyncAt, tiers })
  }

  progress(phase: Phase, done: number, total: number): void {
    this.update({ state: 'syncing', progress: { phase, done, total }, waiting: null })
  }

  /** A request of the running sync waits before trying again (a 429's Retry-After, a 5xx). */
  waiting(wait: { code: AppErrorData['code']; status?: number }, until: string): void {
    this.update({
      waiting: { code: wait.code, ...(wait.status ? { status: wait.status } : {}), until },
    })
  }

  succeeded(tiers: Tiers, lastSyncAt?: string): void {
    this.update({
      state: 'online',
      lastSyncAt: lastSyncAt ?? this.state.lastSyncAt,
      progress: null,
      error: null,
      retryAt: null,
      waiting: null,
      tiers,
    })
    this.ticketsChanged(true)
  }

  /** Cancelled (by the agent, a pause or shutdown): no error to show. */
  cancelled(): void {
    this.update({ state: 'online', progress: null, error: null, retryAt: null, waiting: null })
  }

  failed(error: AppErrorData, retryAt: number, tiers: Tiers): void {
    this.update({
      state: isUnreachable(error.code) ? 'offline' : 'error',
      progress: null,
      error,
      retryAt: new Date(retryAt).toISOString(),
      waiting: null,
      tiers,
    })
    this.ticketsChanged(true)
  }

  /** A save failed for the server's sake while the status said online. */
  writeFailed(error: AppErrorData, retryAt: number): void {
    this.update({
      state: isUnreachable(error.code) ? 'offline' : 'error',
      error,
      retryAt: new Date(retryAt).toISOString(),
    })
  }

  /** Staleness moves with time alone: tell the screens when a tier crosses its promise. */
  tiers(tiers: Tiers): void {
    if (JSON.stringify(tiers) !== JSON.stringify(this.state.tiers)) this.update({ tiers })
  }

  /** Cached tickets changed; `force` skips the throttle (the end of a run). */
  ticketsChanged(force = false): void {
    const now = this.options.now()
    if (!force && now - this.lastChangeEmit < CHANGED_THROTTLE_MS) return
    this.lastChangeEmit = now
    this.options.onTicketsChanged?.()
  }
}
