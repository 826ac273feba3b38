/**
 * A full sync leaves the queue search whole again. Two kinds of damage that no later write of an
 * unchanged ticket would mend: pages of the search index changed on disk (searches then miss
 * tickets silently, no error), and a damaged ticket record whose old words could not be taken out
 * of the index when it was dropped (searches then list it for words it no longer has).
 */
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVendorClient } from '../../../src/main/core/api/index'
import type { VendorClient } from '../../../src/main/core/api/types'
import { openCache, type TicketCache } from '../../../src/main/core/db/cache'
import { SyncEngine } from '../../../src/main/core/sync/sync-engine'
import { serverNow } from '../../../src/shared/domain/server-time'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'

let sandbox: TestSandbox
let dir: string
let path: string
let client: VendorClient
let cache: TicketCache

beforeAll(async () => {
  sandbox = await startTestSandbox({ tickets: 800, seed: 151, perPageCap: 100 })
  dir = mkdtempSync(join(tmpdir(), 'agent-console-search-repair-'))
  path = join(dir, 'cache.sqlite')
  client = createVendorClient({
    baseUrl: sandbox.apiBase,
    timeoutMs: 5_000,
    retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 50 },
  })
  cache = openCache(path).cache
  await fullSync()
})
afterAll(async () => {
  cache?.close()
  await sandbox?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function fullSync(): Promise<unknown> {
  return new SyncEngine({ api: () => client, cache, meId: () => null }).runFull()
}

/** The ids the queue search lists for `term` (as the queue asks: every view, by id). */
function search(term: string): number[] {
  const page = cache.queryTickets(
    { filters: { search: term }, sort: { column: 'id', direction: 'asc' }, limit: 1000 },
    { meId: null, now: serverNow() },
  )
  return page.rows.map((r) => r.id)
}

/** Two-character words cut from the cached subjects: what agents type. */
function someTerms(): string[] {
  const terms = new Set<string>()
  for (const id of cache.allTicketIds().slice(0, 200)) {
    const subject = cache.getTicket(id)?.ticket.subject
    if (typeof subject === 'string' && subject.length >= 4) terms.add(subject.slice(1, 3))
  }
  return [...terms].slice(0, 60)
}

describe('the search index after a full sync', () => {
  it('is whole again after pages of it were damaged on disk', async () => {
    const terms = someTerms()
    const before = terms.map(search)
    cache.close()
    // Overwrite part of every third leaf page of the index's data, as a bad disk would.
    const raw = new Database(path)
    const pageSize = raw.pragma('page_size', { simple: true }) as number
    const leaves = raw
      .prepare(
        `SELECT pageno FROM dbstat WHERE name = 'ticket_search_data' AND pagetype = 'leaf'
         ORDER BY pageno`,
      )
      .all() as { pageno: number }[]
    raw.close()
    expect(leaves.length).toBeGreaterThan(10)
    const fd = openSync(path, 'r+')
    for (const [i, { pageno }] of leaves.entries())
      if (i % 3 === 1) writeSync(fd, Buffer.alloc(200, 0x41), 0, 200, (pageno - 1) * pageSize + 100)
    closeSync(fd)
    cache = openCache(path).cache

    // The damage is silent: no error, some searches simply miss tickets.
    const damaged = terms.map(search)
    expect(damaged).not.toEqual(before)
    expect(cache.ticketCount()).toBe(800)

    await fullSync()
    expect(terms.map(search)).toEqual(before)
  })

  it('forgets the words of a damaged record that was fetched again with other words', async () => {
    const id = cache.allTicketIds()[5] as number
    const oldSubject = '舊主旨獨有字詞甲乙'
    await sandbox.control.updateTicket(id, { subject: oldSubject })
    await fullSync()
    expect(search('獨有字詞')).toEqual([id])
    // Someone renames it on the server; here its stored copy is damaged (a stray control byte),
    // so when it is dropped its old words cannot be taken out of the index.
    await sandbox.control.updateTicket(id, { subject: '新的主旨' })
    const db = cache.connection()
    const row = db.prepare('SELECT json FROM ticket_json WHERE id = ?').get(id) as { json: string }
    const at = row.json.indexOf('"subject":"') + '"subject":"'.length + 1
    db.prepare('UPDATE ticket_json SET json = ? WHERE id = ?').run(
      row.json.slice(0, at) + '\u0001' + row.json.slice(at + 1),
      id,
    )
    expect(cache.getTicket(id)).toBeNull()

    const summary = (await fullSync()) as { damaged: number }
    expect(summary.damaged).toBe(1)
    expect(cache.getTicket(id)?.ticket.subject).toBe('新的主旨')
    expect(search('新的主旨')).toContain(id)
    expect(search('獨有字詞')).toEqual([])
  })
})
