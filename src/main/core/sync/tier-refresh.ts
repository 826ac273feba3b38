/**
 * The two frequent refreshes, each through the API's own filters:
 * - mine: the agent's open tickets (handler = me, status pending or in progress), so a change to
 *   them shows within a minute; cached ones that left that listing (reassigned, resolved,
 *   deleted) are read again by id;
 * - hot: every open ticket and every closed one created in the last `hotDays` days, two listings
 *   that never overlap. A cached hot ticket missing from both complete listings was resolved,
 *   closed, reassigned or deleted (or slid between pages while they were read): read again by
 *   id. Then a budget of the deletion candidates a sweep left.
 * Each records its tier's mark (server time of its start) and tells the schedule it ran.
 */
import type { SyncTier } from '../../../shared/contract/contract'
import type { Page, Ticket } from '../../../shared/domain/api-schemas'
import { DONE_STATUSES, OPEN_STATUSES } from '../../../shared/domain/codes'
import { addSeconds } from '../../../shared/domain/server-time'
import { walkPages } from '../api/walk-pages'
import type { DeletionChecks } from './deletion-checks'
import type { PageWriter } from './page-writer'
import type { SyncApi } from './ports'
import type { SyncSchedule } from './sync-schedule'
import { tierKey, type TierMark, type TierPlan } from './sync-tiers'
import { throwIfCancelled, type SyncCache, type SyncCounts } from './sync-types'

/** Cached tickets that left the mine listing, read again by id per run. */
const MINE_REREAD_BUDGET = 100
/** Cached hot tickets missing from both hot listings, read again by id per run. */
const HOT_REREAD_BUDGET = 200

export interface TierRefreshOptions {
  cache: SyncCache
  writer: PageWriter
  schedule: SyncSchedule
  deletions: DeletionChecks
  plan: () => TierPlan
  meId: () => number | null
  /** Epoch ms on the engine's clock, and the same instant in the server's zone. */
  now: () => number
  serverNow: () => string
  progress: (done: number) => void
}

export class TierRefresh {
  constructor(private readonly o: TierRefreshOptions) {}

  private mark(tier: SyncTier, mark: TierMark): void {
    this.o.cache.setState(tierKey(tier), mark)
  }

  /** Stores every page of `fetchPage`'s listing; the ids it listed. */
  private async storeListing(
    fetchPage: (page: number) => Promise<Page<Ticket>>,
    listed: Set<number>,
    counts: SyncCounts,
    signal: AbortSignal,
    onPage?: () => void,
  ): Promise<void> {
    for await (const items of walkPages(fetchPage, { signal })) {
      await this.o.writer.store(items, counts)
      for (const t of items) listed.add(t.id)
      onPage?.()
    }
  }

  async mine(api: SyncApi, counts: SyncCounts, signal: AbortSignal): Promise<void> {
    const me = this.o.meId()
    if (me === null) return
    const startedAt = this.o.now()
    const startedServer = this.o.serverNow()
    const statuses = [...OPEN_STATUSES]
    const listed = new Set<number>()
    const perPage = this.o.writer.pageSize
    await this.storeListing(
      (page) =>
        api.searchTickets({ page, per_page: perPage, handler_ids: [me], statuses }, { signal }),
      listed,
      counts,
      signal,
    )
    const left = this.o.cache.ticketIdsFor(me, statuses).filter((id) => !listed.has(id))
    await this.o.writer.readAllAgain(api, left.slice(0, MINE_REREAD_BUDGET), counts, signal)
    this.o.schedule.mineRan(startedAt)
    this.mark('mine', { at: startedServer, ms: startedAt })
  }

  async hot(api: SyncApi, counts: SyncCounts, signal: AbortSignal): Promise<void> {
    const startedAt = this.o.now()
    const startedServer = this.o.serverNow()
    const since = addSeconds(startedServer, -this.o.plan().hotDays * 86_400)
    const open = [...OPEN_STATUSES]
    const listed = new Set<number>()
    const perPage = this.o.writer.pageSize
    let done = 0
    for (const filter of [
      { statuses: open },
      { statuses: [...DONE_STATUSES], created_at__start: since },
    ]) {
      await this.storeListing(
        (page) => api.searchTickets({ page, per_page: perPage, ...filter }, { signal }),
        listed,
        counts,
        signal,
        () => {
          counts.pages += 1
          this.o.progress(++done)
        },
      )
    }
    throwIfCancelled(signal)
    // Both listings were read to their last page: what is cached as hot and was not listed has
    // left the tier (or slid between pages while we read): its own URL says which.
    const left = this.o.cache.hotTicketIds(open, since).filter((id) => !listed.has(id))
    await this.o.writer.readAllAgain(api, left.slice(0, HOT_REREAD_BUDGET), counts, signal)
    await this.o.deletions.workOffLeftovers(api, listed, counts, signal)
    this.o.schedule.hotRan(startedAt)
    this.mark('hot', { at: startedServer, ms: startedAt })
  }
}
