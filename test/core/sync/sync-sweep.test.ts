/**
 * The sweep under a moving listing, a cancel and an interruption: nothing that exists on the
 * server is ever deleted, the truly deleted tickets go once their URL answers 404, and an
 * interrupted sweep resumes where it stopped.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { SyncApi } from '../../../src/main/core/sync/ports'
import { AppError } from '../../../src/shared/domain/errors'
import type { Ticket } from '../../../src/shared/domain/api-schemas'
import {
  cacheView,
  ids,
  serverView,
  startHarness,
  type ServerView,
  type SyncHarness,
} from '../../helpers/sync-harness'

const TICKETS = 400
const CAP = 40
const PAGES = TICKETS / CAP

let h: SyncHarness | undefined

afterEach(async () => {
  await h?.close()
  h = undefined
})

/**
 * The real client, with a hook after the first read of each page of the full listing (no handler
 * filter); pages read again do not call it.
 */
function hooked(
  harness: SyncHarness,
  afterPage: (page: number, data: Ticket[]) => Promise<void> | void,
): SyncApi {
  const client = harness.client
  const hooked = new Set<number>()
  return {
    searchTickets: async (params, options) => {
      const page = await client.searchTickets(params, options)
      const n = params?.page ?? 1
      if (!params?.handler_ids && !hooked.has(n)) {
        hooked.add(n)
        await afterPage(n, page.data)
      }
      return page
    },
    getTicket: (id, o) => client.getTicket(id, o),
    listEmployees: (p, o) => client.listEmployees(p, o),
    listSponsors: (p, o) => client.listSponsors(p, o),
    listTerminationCodes: (p, o) => client.listTerminationCodes(p, o),
    listCategories: (p, o) => client.listCategories(p, o),
    listSubCategories: (p, o) => client.listSubCategories(p, o),
    traffic: () => client.traffic(),
  }
}

function expectEqualTickets(server: ServerView, except: number[] = []): void {
  const cached = cacheView(h!.cache).tickets
  expect(ids(cached).filter((id) => !except.includes(id))).toEqual(ids(server.tickets))
  for (const [id, ticket] of server.tickets) {
    expect(cached.get(id), `ticket ${id}`).toStrictEqual(ticket)
  }
}

async function ticketPageRequests(harness: SyncHarness): Promise<number> {
  const stats = await harness.sandbox.control.stats()
  return stats.requests['GET /ticket'] ?? 0
}

describe('a listing that shifts during the sweep', () => {
  it('deletes nothing that exists, re-reads the shifted tickets, and removes the deleted ones on 404', async () => {
    h = await startHarness({ tickets: TICKETS, seed: 21, perPageCap: CAP })
    await h.engine().runFull()
    const start = await serverView(h.sandbox.apiBase)
    const newestFirst = ids(start.tickets).reverse()
    // Deleted before the sweep, from a late page: a plain candidate, confirmed by 404.
    const lateDeleted = newestFirst.slice(8 * CAP + 3, 8 * CAP + 5)
    // Deleted from page 1 after pages 1-3 were read: tickets from page 4 slide onto page 3.
    const earlyDeleted = newestFirst.slice(0, 3)
    const shifted = newestFirst.slice(3 * CAP, 3 * CAP + 3)
    for (const id of lateDeleted) await h.sandbox.control.deleteTicket(id)

    const control = h.sandbox.control
    const engine = h.engine({
      apiPort: hooked(h, async (page) => {
        if (page === 3) for (const id of earlyDeleted) await control.deleteTicket(id)
      }),
    })
    const summary = await engine.runFull()
    const server = await serverView(h.sandbox.apiBase)

    expect(summary.complete).toBe(true)
    expect(summary.stable).toBe(false)
    expect(summary.deleted).toBe(lateDeleted.length)
    // Every ticket that exists on the server is still cached, and equal to the server's copy
    // (including those that were shifted past the sweep and only read by id).
    expectEqualTickets(server, earlyDeleted)
    for (const id of shifted)
      expect(h.cache.getTicket(id)?.ticket).toStrictEqual(server.tickets.get(id))
    for (const id of lateDeleted) expect(h.cache.getTicket(id)).toBeNull()

    // The tickets deleted behind the sweep go on the next one, once their URL answers 404.
    const next = await h.engine().runFull()
    expect(next).toMatchObject({ stable: true, deleted: earlyDeleted.length })
    expectEqualTickets(await serverView(h.sandbox.apiBase))
  })

  it('a first sync into an empty cache stores every ticket, even those the shift moved past it', async () => {
    h = await startHarness({ tickets: TICKETS, seed: 22, perPageCap: CAP })
    const start = await serverView(h.sandbox.apiBase)
    const earlyDeleted = ids(start.tickets).reverse().slice(0, 5)
    const control = h.sandbox.control
    const summary = await h
      .engine({
        apiPort: hooked(h, async (page) => {
          if (page === 4) for (const id of earlyDeleted) await control.deleteTicket(id)
        }),
      })
      .runFull()
    expect(summary.stable).toBe(false)
    const server = await serverView(h.sandbox.apiBase)
    expectEqualTickets(server, earlyDeleted)
  })
})

describe('cancel and resume', () => {
  it('cancel mid-sweep deletes nothing; the next run resumes and converges', async () => {
    h = await startHarness({ tickets: TICKETS, seed: 23, perPageCap: CAP })
    await h.engine().runFull()
    const cachedIds = h.cache.allTicketIds()
    const gone = [cachedIds[10], cachedIds[200]] as number[]
    for (const id of gone) await h.sandbox.control.deleteTicket(id)

    let cancelled = false
    const engine = h.engine({
      apiPort: hooked(h, (page) => {
        if (page === 3 && !cancelled) {
          cancelled = true
          engine.cancel()
        }
      }),
    })
    const error = await engine.runFull().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('cancelled')
    expect(engine.status()).toMatchObject({ state: 'online', progress: null })
    expect(h.cache.allTicketIds()).toEqual(cachedIds)

    await h.sandbox.control.resetStats()
    const summary = await engine.runFull()
    expect(await ticketPageRequests(h)).toBe(PAGES - 3)
    expect(summary.deleted).toBe(gone.length)
    expectEqualTickets(await serverView(h.sandbox.apiBase))
  })

  it('a sweep interrupted by a server that stops answering resumes from the failed page', async () => {
    h = await startHarness(
      { tickets: TICKETS, seed: 24, perPageCap: CAP },
      { retries: 1, baseDelayMs: 5, maxDelayMs: 10 },
    )
    const control = h.sandbox.control
    const engine = h.engine({
      apiPort: hooked(h, async (page) => {
        if (page === 4) await control.setFaults({ errorRate: 1, errorStatus: 503 })
      }),
    })
    const error = await engine.runFull().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(engine.status().state).toBe('error')
    expect(h.cache.allTicketIds()).toHaveLength(4 * CAP)

    await control.clearFaults()
    await control.resetStats()
    const summary = await engine.runFull()
    expect(summary.complete).toBe(true)
    expect(await ticketPageRequests(h)).toBe(PAGES - 4)
    expect(summary.deleted).toBe(0)
    expectEqualTickets(await serverView(h.sandbox.apiBase))
  })
})
