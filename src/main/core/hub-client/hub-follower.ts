/**
 * Follows the team hub's feed: a snapshot for a cache that has no cursor (or one the hub can no
 * longer serve), then `/changes` until caught up, then the live `/stream`. Every batch is written
 * with its cursor in one cache transaction (applyFeed), so a crash never applies a change twice
 * nor skips one. While it follows, the direct tiered sync is paused; the moment the hub cannot be
 * reached the direct sync resumes, and the follower keeps trying the hub and takes up the feed
 * from its cursor (no full sync) when it answers again.
 */
import { serverNow } from '../../../shared/domain/server-time'
import type { Ticket } from '../../../shared/domain/api-schemas'
import {
  HUB_LIMITS,
  parseCursor,
  type Change,
  type PresencePicture,
} from '../../../shared/hub/protocol'
import type { TicketCacheReader, TicketCacheWriter } from '../db/cache-interfaces'
import type { Logger } from '../logger'
import { tierKey, type TierMark } from '../sync/sync-tiers'
import { mergeWithCached } from '../tickets/merge-with-cached'
import { HubError, type HubHttp } from './hub-http'
import { takeSnapshot } from './hub-snapshot'
import { openStream, type OpenStream } from './hub-stream'

/** The cache's state key of the feed's cursor (`<epoch>:<seq>`). */
export const HUB_CURSOR_KEY = 'hub:cursor'
const LAST_SYNC_KEY = 'lastSyncAt'

export type HubFollowState = 'connecting' | 'snapshot' | 'following' | 'unreachable'

/** The engine's public controls the follower needs. */
export interface DirectSync {
  pause(reason: string): void
  resume(reason: string): void
  refreshIdleState(): void
}

export interface FeedApplied {
  ids: number[]
  changes: Change[]
}

export interface HubFollowerOptions {
  http: HubHttp
  cache: TicketCacheReader & TicketCacheWriter
  direct: DirectSync
  desktopId: string
  serverTimeZone: () => string
  logger: Logger
  onState(state: HubFollowState, error: string | null): void
  onApplied(applied: FeedApplied): void
  onPresence(picture: PresencePicture): void
  /** Shown each fetched ticket before it is written (alerts), as the direct sync does. */
  observeTickets?: (tickets: Ticket[], cachedOf: (id: number) => Ticket | null) => void
  /** Waits between attempts while the hub is away (default 2 s doubling to 30 s). */
  retryMs?: { first: number; max: number }
}

export class HubFollower {
  private stopped = true
  private stream: OpenStream | null = null
  private pending: { change: Change; cursor: string }[] = []
  private flushing = false
  private flushError: HubError | null = null
  private wake: (() => void) | null = null
  private running: Promise<void> | null = null
  state: HubFollowState = 'connecting'
  lastError: string | null = null

  constructor(private readonly options: HubFollowerOptions) {}

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    // Before the first turn: the direct sync scheduled at start must not begin a full sweep.
    this.options.direct.pause('hub')
    this.running = this.loop()
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.stream?.close()
    this.options.http.closeAll()
    this.wake?.()
    await this.running?.catch(() => undefined)
    this.running = null
    this.options.direct.resume('hub')
  }

  /**
   * One catch-up without following (the CLI's `sync --hub-url`): a snapshot when needed, then
   * the changes to the hub's head. A cursor the hub no longer serves means one new snapshot.
   */
  async syncOnce(): Promise<{ snapshot: boolean; changes: number }> {
    const counted = { snapshot: false, changes: 0 }
    this.stopped = false
    try {
      try {
        await this.catchUp(counted)
      } catch (error) {
        if (!(error instanceof HubError && error.code === 'snapshot_required')) throw error
        this.options.cache.setState(HUB_CURSOR_KEY, undefined)
        await this.catchUp(counted)
      }
    } finally {
      this.stopped = true
    }
    return counted
  }

  cursor(): string | null {
    return this.options.cache.getState<string>(HUB_CURSOR_KEY) ?? null
  }

  private setState(state: HubFollowState, error: string | null = null): void {
    if (this.state === state && this.lastError === error) return
    this.state = state
    this.lastError = error
    this.options.onState(state, error)
  }

  private async loop(): Promise<void> {
    const retry = this.options.retryMs ?? { first: 2_000, max: 30_000 }
    let wait = retry.first
    while (!this.stopped) {
      try {
        await this.catchUp()
        this.options.direct.pause('hub')
        this.setState('following')
        wait = retry.first
        const ended = await this.follow()
        if (ended === 'reset') this.options.cache.setState(HUB_CURSOR_KEY, undefined)
      } catch (error) {
        if (this.stopped) break
        const e = error instanceof HubError ? error : new HubError('unreachable', String(error))
        if (e.code === 'snapshot_required') {
          this.options.cache.setState(HUB_CURSOR_KEY, undefined)
          continue
        }
        // Freshness, never work: the direct sync carries on at once while the hub is away.
        this.setState('unreachable', e.message)
        this.options.direct.resume('hub')
        this.options.logger.warn('team hub unreachable: syncing directly', {
          code: e.code,
          status: e.status,
        })
        await this.sleep(Math.max(wait, e.retryAfterMs ?? 0))
        wait = Math.min(retry.max, wait * 2)
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done(): void {
        clearTimeout(timer)
        resolve()
      }
      this.wake = done
    })
  }

  /** A snapshot when the cursor is missing or from another epoch, then `/changes` to the head. */
  private async catchUp(counted?: { snapshot: boolean; changes: number }): Promise<void> {
    let cursor = this.cursor()
    if (!cursor || !parseCursor(cursor)) {
      // The hub answers this one: following it is settled, the direct sync stays paused.
      this.options.direct.pause('hub')
      this.setState('snapshot')
      const syncedAt = new Date().toISOString()
      const result = await takeSnapshot(this.options.http, this.options.cache, {
        syncedAt,
        alive: () => !this.stopped,
        state: (at) => ({ [HUB_CURSOR_KEY]: at, ...this.marks(syncedAt) }),
      })
      cursor = result.cursor
      if (counted) counted.snapshot = true
      this.options.direct.refreshIdleState()
      this.options.onApplied({ ids: [], changes: [] })
      this.options.logger.info('team hub snapshot taken', {
        tickets: result.tickets,
        deleted: result.deleted,
      })
    }
    for (;;) {
      if (this.stopped) return
      const page = await this.options.http.changes(cursor, HUB_LIMITS.changesMax)
      if (counted) counted.changes += page.changes.length
      this.apply(
        page.changes.map((change) => ({ change, cursor: page.cursor })),
        page.cursor,
      )
      cursor = page.cursor
      if (!page.more) return
    }
  }

  /** Follows the live stream until it ends; changes are written in small batches as they come. */
  private async follow(): Promise<'reset' | 'closed'> {
    const cursor = this.cursor()
    if (!cursor) return 'reset'
    this.flushError = null
    this.stream = await openStream(this.options.http, cursor, this.options.desktopId, {
      change: (change, at) => {
        this.pending.push({ change, cursor: at })
        if (!this.flushing) {
          this.flushing = true
          // The changes of one burst go in one transaction.
          setImmediate(() => this.flush())
        }
      },
      presence: (picture) => this.options.onPresence(picture),
    })
    try {
      const ended = await this.stream.done.catch((error: unknown) => {
        throw this.flushError ?? error
      })
      this.flush()
      if (this.flushError) throw this.flushError
      if (ended === 'closed' && !this.stopped)
        throw new HubError('unreachable', 'The team hub closed the stream')
      return ended
    } finally {
      this.stream = null
    }
  }

  private flush(): void {
    this.flushing = false
    const batch = this.pending
    this.pending = []
    const last = batch.at(-1)
    if (!last || this.stopped) return
    try {
      // The cache was cleared under the stream (sign-out, another server): start from a snapshot.
      if (!this.cursor()) throw new HubError('snapshot_required', 'The cache lost its cursor')
      this.apply(batch, last.cursor)
    } catch (error) {
      // Not written, cursor unchanged: the next turn reads them again from /changes.
      this.flushError =
        error instanceof HubError ? error : new HubError('unreachable', String(error))
      if (this.flushError.code !== 'snapshot_required')
        this.options.logger.error('a batch of the team hub could not be written', {
          error: this.flushError.message,
        })
      this.stream?.close()
    }
  }

  /** Writes `batch` and `cursor` in one transaction. */
  private apply(batch: { change: Change }[], cursor: string): void {
    const { cache } = this.options
    const tickets = new Map<number, Ticket>()
    const deleted = new Set<number>()
    let lookups: Extract<Change, { kind: 'lookups' }>['lists'] | undefined
    for (const { change } of batch) {
      if (change.kind === 'ticket') {
        tickets.set(change.ticket.id, change.ticket)
        deleted.delete(change.ticket.id)
      } else if (change.kind === 'deleted') {
        deleted.add(change.id)
        tickets.delete(change.id)
      } else lookups = change.lists
    }
    // A copy the direct sync stored while the hub was away may be newer than the hub's backlog:
    // keep it (the hub sends the newer one in turn).
    const cachedAt = cache.ticketUpdatedAt([...tickets.keys()])
    const fresh: Ticket[] = []
    for (const ticket of tickets.values()) {
      const mine = cachedAt.get(ticket.id)
      if (mine && ticket.updated_at && mine > ticket.updated_at) continue
      fresh.push(mergeWithCached(cache.getTicket(ticket.id)?.ticket, ticket))
    }
    this.options.observeTickets?.(fresh, (id) => cache.getTicket(id)?.ticket ?? null)
    const syncedAt = new Date().toISOString()
    cache.applyFeed(
      {
        tickets: fresh,
        deleted: [...deleted],
        ...(lookups ? { lookups } : {}),
        state: { [HUB_CURSOR_KEY]: cursor, ...this.marks(syncedAt) },
      },
      syncedAt,
    )
    if (batch.length > 0 || this.state !== 'following')
      this.options.onApplied({
        ids: [...fresh.map((t) => t.id), ...deleted],
        changes: batch.map((b) => b.change),
      })
  }

  /**
   * The hub keeps every tier fresh for us: the marks the direct sync reads say so, so the status
   * bar shows fresh tiers and a fall-back to direct sync runs its hot tier, not a full sweep.
   */
  private marks(syncedAt: string): Record<string, unknown> {
    const now = Date.now()
    const mark: TierMark = { at: serverNow(this.options.serverTimeZone(), new Date(now)), ms: now }
    const pages = Math.max(1, Math.ceil(this.options.cache.ticketCount() / 100))
    return {
      [tierKey('hot')]: mark,
      [tierKey('all')]: { ...mark, pages },
      [LAST_SYNC_KEY]: syncedAt,
    }
  }
}
