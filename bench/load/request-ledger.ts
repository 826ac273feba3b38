/**
 * Where a sync engine's requests go, for the load benchmark: the API client wrapped so that each
 * call is counted under what it is for (hot pages, mine pages, sweep pages, re-reads by id and
 * why, lookups by endpoint and why). The kinds are told apart by the call's own parameters and,
 * for a re-read by id, by the cached copy at the time of the call; the retries the client made
 * are the difference between its traffic and the calls counted.
 */
import { isOpen } from '../../src/shared/domain/codes'
import type { SyncEngine, TicketCache, TicketSearchParams, VendorClient } from '../../src/main/core'

export interface Ledger {
  /** The wrapped client: hand it to the engine. */
  client: VendorClient
  /** Counts since the last reset, by kind. */
  counts(): Record<string, number>
  reset(): void
  /** The engine's runs, so that lookups are counted under the run that asked for them. */
  watch(engine: SyncEngine): void
  /** Set when the engine says it refreshes lookups because a ticket named an unknown id. */
  noteOnDemandLookups(): void
}

type Run = 'all' | 'hot' | 'mine' | 'lookups' | 'other'

export function requestLedger(
  inner: VendorClient,
  cache: TicketCache,
  meId: () => number | null,
  hotSince: () => string,
): Ledger {
  let counts: Record<string, number> = {}
  let run: Run = 'other'
  let onDemand = false
  let lastSweepPage = 0
  const add = (kind: string): void => void (counts[kind] = (counts[kind] ?? 0) + 1)

  const ticketKind = (p: TicketSearchParams): string => {
    if (p.contact_id !== undefined) return 'contact pages (ticket on screen, damaged records)'
    if (p.handler_ids?.length) return 'mine pages'
    if (p.created_at__start !== undefined) return 'hot pages: recent closed'
    if (p.statuses?.length) return 'hot pages: open'
    const page = p.page ?? 1
    const again = page <= lastSweepPage && page !== 1
    lastSweepPage = page
    return again ? 'sweep pages read again (listing shrank)' : 'sweep pages'
  }
  const rereadKind = (id: number): string => {
    const cached = cache.getTicket(id)?.ticket
    if (!cached) return 're-reads by id: not cached (damaged)'
    const open = isOpen(cached.status)
    if (open && cached.handler_id === meId()) return 're-reads by id: left mine'
    if (open || (cached.created_at ?? '') >= hotSince()) return 're-reads by id: left hot'
    return 're-reads by id: deletion candidates'
  }
  const lookup = (endpoint: string): void =>
    add(
      `lookups ${endpoint} (${onDemand ? 'on demand' : run === 'lookups' ? 'hourly' : `with ${run} sync`})`,
    )

  const client: VendorClient = {
    ...inner,
    baseUrl: inner.baseUrl,
    traffic: () => inner.traffic(),
    searchTickets: (params = {}, options) => {
      add(ticketKind(params))
      return inner.searchTickets(params, options)
    },
    getTicket: (id, options) => {
      add(rereadKind(id))
      return inner.getTicket(id, options)
    },
    listEmployees: (p, o) => (lookup('employee'), inner.listEmployees(p, o)),
    listSponsors: (p, o) => (lookup('sponsor'), inner.listSponsors(p, o)),
    listTerminationCodes: (p, o) => (
      lookup('ticket-termination-code'),
      inner.listTerminationCodes(p, o)
    ),
    listCategories: (p, o) => (lookup('category'), inner.listCategories(p, o)),
    listSubCategories: (p, o) => (lookup('subcategory'), inner.listSubCategories(p, o)),
  }

  const watch = (engine: SyncEngine): void => {
    const wrap = (name: 'runFull' | 'runHot' | 'runMine' | 'runLookups', kind: Run): void => {
      const original = engine[name].bind(engine) as (...args: unknown[]) => Promise<unknown>
      ;(engine as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        run = kind
        lastSweepPage = 0
        return original(...args).finally(() => {
          run = 'other'
          onDemand = false
        })
      }
    }
    wrap('runFull', 'all')
    wrap('runHot', 'hot')
    wrap('runMine', 'mine')
    wrap('runLookups', 'lookups')
  }

  return {
    client,
    counts: () => ({ ...counts }),
    reset: () => void (counts = {}),
    watch,
    noteOnDemandLookups: () => void (onDemand = true),
  }
}
