/**
 * A first sync into an empty cache writes the tickets without their secondary indexes and builds
 * them once it is full (deferred-indexes.ts); the queue answers the same throughout, a cache that
 * holds tickets keeps its indexes, and a first sync that stops before they are built (the app
 * killed) leaves a file whose next open builds them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCache, type TicketCache } from '../../../src/main/core/db/cache'
import type { Db } from '../../../src/main/core/db/open-database'
import { setState } from '../../../src/main/core/db/state-store'
import { hostname } from 'node:os'
import { NOW, sampleTickets, tempDir } from './cache-fixtures'

let tmp: ReturnType<typeof tempDir>
let path: string

beforeEach(() => {
  tmp = tempDir()
  path = `${tmp.dir}/cache.sqlite`
})
afterEach(() => tmp.cleanup())

/** The tickets table's secondary indexes: name and definition. */
function indexes(db: Db): string[] {
  return (
    db
      .prepare(
        "SELECT name || ': ' || sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tickets' AND sql IS NOT NULL ORDER BY name",
      )
      .pluck()
      .all() as string[]
  ).sort()
}

function freshIndexes(): string[] {
  const other = tempDir()
  const { cache } = openCache(`${other.dir}/cache.sqlite`)
  try {
    return indexes(cache.connection())
  } finally {
    cache.close()
    other.cleanup()
  }
}

const ctx = { meId: 1, now: NOW }
const openPage = (cache: TicketCache): number[] =>
  cache
    .queryTickets({ view: 'open', sort: { column: 'due_at', direction: 'asc' }, limit: 500 }, ctx)
    .rows.map((r) => r.id)

function planOf(db: Db): string {
  return (
    db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE status IN (0, 1) ORDER BY updated_at DESC LIMIT 50',
      )
      .all() as { detail: string }[]
  )
    .map((r) => r.detail)
    .join('; ')
}

describe('the tickets indexes in a first sync', () => {
  const tickets = sampleTickets(600)
  const all = freshIndexes()

  it('are left out while an empty cache is filled and built after it, as a new cache has them', () => {
    expect(all.length).toBeGreaterThanOrEqual(10)
    const { cache } = openCache(path)
    try {
      const bulk = cache.beginBulk()
      for (let i = 0; i < 300; i += 100) cache.upsertTickets(tickets.slice(i, i + 100), NOW)
      expect(indexes(cache.connection())).toEqual([])
      const during = openPage(cache)
      for (let i = 300; i < tickets.length; i += 100)
        cache.upsertTickets(tickets.slice(i, i + 100), NOW)
      const full = openPage(cache)
      expect(during.length).toBeGreaterThan(0)
      bulk.finish()
      let steps = 0
      while (cache.maintenanceStep()) steps += 1
      expect(steps).toBeGreaterThanOrEqual(all.length)
      expect(indexes(cache.connection())).toEqual(all)
      expect(planOf(cache.connection())).toMatch(/USING (COVERING )?INDEX/)
      // The same answers with the indexes as without them.
      expect(openPage(cache)).toEqual(full)
    } finally {
      cache.close()
    }
  })

  it('are kept when the cache already holds tickets (a re-sync, the daily sweep)', () => {
    const { cache } = openCache(path)
    try {
      cache.upsertTickets(tickets.slice(0, 50), NOW)
      const bulk = cache.beginBulk()
      cache.upsertTickets(tickets.slice(50, 150), NOW)
      expect(indexes(cache.connection())).toEqual(all)
      bulk.finish()
      while (cache.maintenanceStep());
      expect(indexes(cache.connection())).toEqual(all)
    } finally {
      cache.close()
    }
  })

  it('are left to a first sync still running in another process when the file is opened meanwhile', () => {
    const first = openCache(path).cache
    try {
      const bulk = first.beginBulk()
      first.upsertTickets(tickets.slice(0, 200), NOW)
      // The sync lock as another live process (a `sync` from the command line) holds it.
      setState(first.connection(), 'syncLock', {
        pid: process.ppid,
        host: hostname(),
        since: new Date().toISOString(),
        what: 'all',
      })
      const second = openCache(path).cache
      try {
        // The opener neither builds the indexes nor writes statistics under the sync's feet.
        expect(indexes(second.connection())).toEqual([])
        const stats = second
          .connection()
          .prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'")
          .pluck()
          .get()
        expect(stats).toBe(0)
      } finally {
        second.close()
      }
      first.upsertTickets(tickets.slice(200, 400), NOW)
      bulk.finish()
      while (first.maintenanceStep());
      expect(indexes(first.connection())).toEqual(all)
    } finally {
      first.close()
    }
  })

  it('are built at the next open when the first sync stopped before building them', () => {
    const first = openCache(path).cache
    first.beginBulk()
    first.upsertTickets(tickets.slice(0, 200), NOW)
    expect(indexes(first.connection())).toEqual([])
    // The process dies here: no finish, no close of the cache (only the file handle goes).
    first.connection().close()

    const { cache } = openCache(path)
    try {
      expect(indexes(cache.connection())).toEqual(all)
      expect(cache.ticketCount()).toBe(200)
      expect(planOf(cache.connection())).toMatch(/USING (COVERING )?INDEX/)
      // The resumed first sync writes into a cache that holds tickets: indexes kept.
      const bulk = cache.beginBulk()
      cache.upsertTickets(tickets.slice(200, 400), NOW)
      expect(indexes(cache.connection())).toEqual(all)
      bulk.finish()
    } finally {
      cache.close()
    }
  })
})
