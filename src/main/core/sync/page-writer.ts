/**
 * Writing what the server sent: a page of tickets (shown to the alerts first, counted, one API
 * page per cache transaction through upsertTicketsInChunks), the one rule for reading a ticket
 * again by its own URL (a 404 deletes it; nothing else does), the re-fetch of damaged records,
 * and the one summary every run ends with. Every tier writes through this part.
 */
import type { Ticket } from '../../../shared/domain/api-schemas'
import { isGone } from '../../../shared/domain/errors'
import type { Logger } from '../logger'
import { mergeWithCached } from '../tickets/merge-with-cached'
import type { SyncApi } from './ports'
import {
  throwIfCancelled,
  type SyncCache,
  type SyncCounts,
  type SyncKind,
  type SyncSummary,
} from './sync-types'

/** The state key noting that damaged records were found since the search index was checked. */
export const SEARCH_SUSPECT_KEY = 'sync:searchIndexSuspect'

export interface PageWriterOptions {
  cache: SyncCache
  logger: Logger
  pageSize: number
  /** The engine's clock (the stored tickets' synced-at time). */
  now: () => Date
  /** Tickets fetched, just before they are written, with the copies they replace (alerts). */
  observe?: (tickets: Ticket[], cachedOf: (id: number) => Ticket | null) => void
  /** Tickets written (new or changed): the lookups check the ids they name. */
  written: (tickets: readonly Ticket[]) => void
  /** Cached tickets changed (throttled by the status). */
  changed: () => void
}

/** The client's traffic at one moment, to count what a run sent and received. */
export type TrafficMark = { requests: number; bytes: number }

export class PageWriter {
  constructor(private readonly options: PageWriterOptions) {}

  get pageSize(): number {
    return this.options.pageSize
  }

  /**
   * Writes tickets one API page per transaction (~10 ms each at 100 tickets), a turn of the
   * event loop between transactions, so a screen's query waits for one page's write at most.
   */
  async store(tickets: Ticket[], counts: SyncCounts): Promise<void> {
    if (tickets.length === 0) return
    const { cache } = this.options
    this.options.observe?.(tickets, (id) => cache.getTicket(id)?.ticket ?? null)
    const result = await cache.upsertTicketsInChunks(tickets, this.options.now().toISOString())
    counts.fetched += tickets.length
    counts.inserted += result.inserted
    counts.updated += result.updated
    counts.unchanged += result.unchanged
    if (result.inserted + result.updated > 0) this.options.changed()
    this.options.written(tickets)
  }

  /**
   * Reads one ticket again by its own URL: deleted from the cache when the server says it is
   * gone (404), stored otherwise, with the listing-only fields (`creater`,
   * `interact_collections`) of the cached copy kept, since the view endpoint omits them. With
   * `viaContact` (a ticket with no usable cached copy) the listing's own shape is fetched
   * through its contact's tickets instead, when it has a contact. Any other failure is thrown.
   * Returns whether the ticket still exists.
   */
  async readAgain(
    api: SyncApi,
    id: number,
    counts: SyncCounts,
    signal: AbortSignal,
    options: { viaContact?: boolean } = {},
  ): Promise<boolean> {
    const { cache } = this.options
    let fresh: Ticket
    try {
      fresh = await api.getTicket(id, { signal })
    } catch (error) {
      if (!isGone(error)) throw error
      counts.deleted += cache.deleteTickets([id])
      this.options.changed()
      return false
    }
    if (options.viaContact && typeof fresh.contact_id === 'number') {
      if (await this.storeContactTickets(api, fresh.contact_id, id, counts, signal)) return true
    }
    await this.store([mergeWithCached(cache.getTicket(id)?.ticket, fresh)], counts)
    return true
  }

  /** A contact's tickets in one request (the listing's shape); whether `id` was among them. */
  async storeContactTickets(
    api: SyncApi,
    contactId: number,
    id: number,
    counts: SyncCounts,
    signal: AbortSignal,
  ): Promise<boolean> {
    const page = await api.searchTickets(
      { page: 1, per_page: this.options.pageSize, contact_id: contactId },
      { signal },
    )
    await this.store(page.data, counts)
    return page.data.some((t) => t.id === id)
  }

  /** Reads `ids` again one by one (within the run's signal); returns how many still exist. */
  async readAllAgain(
    api: SyncApi,
    ids: readonly number[],
    counts: SyncCounts,
    signal: AbortSignal,
    onEach?: (done: number) => void,
  ): Promise<number> {
    let kept = 0
    for (const [done, id] of ids.entries()) {
      throwIfCancelled(signal)
      onEach?.(done)
      if (await this.readAgain(api, id, counts, signal)) kept += 1
    }
    return kept
  }

  /**
   * Tickets the cache found damaged since the last run (dropped when read, or replaced when
   * written), fetched again. Their old search entries could not be taken out, so the search
   * index is marked for a check at the next complete sweep.
   */
  async repairDamaged(api: SyncApi, counts: SyncCounts, signal: AbortSignal): Promise<void> {
    const { cache } = this.options
    const damaged = cache.takeDamagedTicketIds()
    if (damaged.length === 0) return
    cache.setState(SEARCH_SUSPECT_KEY, true)
    for (const id of damaged) {
      throwIfCancelled(signal)
      await this.readAgain(api, id, counts, signal, { viaContact: true })
    }
    counts.damaged += damaged.length
    this.options.logger.warn('damaged ticket records fetched again', { ids: damaged.slice(0, 20) })
  }

  traffic(api: SyncApi): TrafficMark {
    const t = api.traffic()
    return { requests: t.requests, bytes: t.bytes }
  }

  /** The one summary of a run: its counts, the traffic since `before`, and how it ended. */
  summary(
    api: SyncApi,
    kind: SyncKind,
    counts: SyncCounts,
    before: TrafficMark,
    startedAt: number,
    end: Pick<SyncSummary, 'stable' | 'keptAfterCheck' | 'uncheckedCandidates'>,
  ): SyncSummary {
    const after = this.traffic(api)
    return {
      kind,
      ...counts,
      requests: after.requests - before.requests,
      bytes: after.bytes - before.bytes,
      complete: true,
      ...end,
      durationMs: this.options.now().getTime() - startedAt,
    }
  }
}
