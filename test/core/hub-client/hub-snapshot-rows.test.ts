// The hub's snapshot in the cache's stored form (form=rows), taken by a desktop from a REAL hub
// process on the real sandbox, into real cache files: equal to the server field for field, the
// search works on it, a cache that holds tickets gets the ticket form, and what a desktop must
// refuse (a malformed line, a cut stream) leaves no cursor. A small proxy between desktop and
// hub records which form was asked for and can change or cut the hub's answer on the way.
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCache, type TicketCache } from '../../../src/main/core/db/cache'
import { openDatabase } from '../../../src/main/core/db/open-database'
import { keyFromFile } from '../../../src/main/core/db/database-key'
import { HubError, HubHttp } from '../../../src/main/core/hub-client/hub-http'
import { takeSnapshot } from '../../../src/main/core/hub-client/hub-snapshot'
import { RowsSnapshots } from '../../../src/hub/rows-snapshot'
import { epochOf, headSeq } from '../../../src/hub/change-log'
import { startHubOnSandbox, type HubOnSandbox } from '../../helpers/hub-process'
import { cacheView, ids, serverView } from '../../helpers/sync-harness'
import { waitFor } from '../../helpers/wait'

const TOKEN = 'hub-rows-token'
const QUIET = ['--new-ms', '600000', '--open-ms', '600000', '--lookups-ms', '600000']
const NOW = { meId: null, now: '2026-12-04 12:00:00' }
let world: HubOnSandbox
let proxy: Server
let proxyUrl: string
/** The snapshot paths the desktop asked for, in order. */
const asked: string[] = []
/** Changes the snapshot's lines on the way (none: as the hub sent them). */
let tamper: ((lines: string[]) => string[]) | null = null
let n = 0
let schemaNow = 0

beforeAll(async () => {
  world = await startHubOnSandbox({
    token: TOKEN,
    sandbox: { tickets: 300, seed: 18, openShare: 0.2 },
    hubArgs: QUIET,
  })
  proxy = createServer((req, res) => {
    void (async () => {
      const path = req.url ?? '/'
      if (path.includes('/snapshot')) asked.push(path.replace(/^\/hub\/v1/, ''))
      const upstream = await fetch(world.hub.url + path, {
        headers: { authorization: String(req.headers.authorization ?? '') },
      })
      const text = await upstream.text()
      const body = path.includes('/snapshot') && tamper ? tamper(text.split('\n')).join('\n') : text
      res.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/json',
        'content-encoding': 'gzip',
      })
      res.end(gzipSync(body))
    })()
  })
  proxy.listen(0, '127.0.0.1')
  await once(proxy, 'listening')
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/hub/v1`
  // The hub builds its rows snapshot once its first read is done; until then it answers tickets.
  const probe = freshCache()
  const schema = probe.snapshotRows()!.schema
  schemaNow = schema
  probe.close()
  await waitFor(async () => {
    const res = await fetch(`${world.hub.url}/hub/v1/snapshot?form=rows-index&schema=${schema}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    return (
      (await res.text()).startsWith('{"type":"begin"') && res.headers.get('content-length') !== null
    )
  }, 'the hub to build its rows snapshot')
}, 120_000)

afterAll(async () => {
  proxy?.close()
  await world?.close()
})

function freshCache(): TicketCache {
  n += 1
  return openCache(join(world.dir, `desktop-${n}.sqlite`), { key: Buffer.alloc(32, n) }).cache
}

function snapshot(cache: TicketCache): ReturnType<typeof takeSnapshot> {
  const http = new HubHttp({ baseUrl: proxyUrl, token: () => TOKEN })
  return takeSnapshot(http, cache, {
    syncedAt: '2026-12-04 12:00:00',
    state: (cursor) => ({ hubCursor: cursor }),
    alive: () => true,
  })
}

async function expectEqualsServer(cache: TicketCache): Promise<void> {
  const server = await serverView(world.sandbox.apiBase, TOKEN)
  const mine = cacheView(cache)
  expect(ids(mine.tickets)).toEqual(ids(server.tickets))
  for (const [id, ticket] of server.tickets) expect(mine.tickets.get(id)).toEqual(ticket)
  expect(mine.lookups).toEqual(server.lookups)
}

/** A ticket with a contact whose name is Chinese and who has a membership number. */
async function contactTicket(): Promise<{ id: number; name: string; membershipNo: string }> {
  const server = await serverView(world.sandbox.apiBase, TOKEN)
  const ticket = [...server.tickets.values()].find(
    (t) => typeof t.contact?.name === 'string' && typeof t.contact?.membership_no === 'string',
  )!
  const { name, membership_no: membershipNo } = ticket.contact as {
    name: string
    membership_no: string
  }
  expect(name).toMatch(/[\u4e00-\u9fff]/)
  return { id: ticket.id, name, membershipNo }
}

/** Each term finds the ticket, and by the search: the rest of the floor is not listed. */
function expectFound(cache: TicketCache, id: number, terms: string[]): void {
  const found = (search: string): number[] =>
    cache.queryTickets({ filters: { search }, limit: 500 }, NOW).rows.map((r) => r.id)
  for (const term of terms) {
    expect(found(term)).toContain(id)
    expect(found(term).length).toBeLessThan(50)
  }
}

/** A tamper changing the first rows line of `table`. */
function changeFirst<Row>(
  table: string,
  change: (line: { rows: Row[] }) => void,
): (lines: string[]) => string[] {
  return (lines) => {
    const at = rowsLines(lines, table)[0]!
    const line = JSON.parse(lines[at]!) as { rows: Row[] }
    change(line)
    return lines.map((l, i) => (i === at ? JSON.stringify(line) : l))
  }
}

/** The snapshot refused as a bad answer saying `why`, and no cursor stored. */
async function expectRefused(cache: TicketCache, why: RegExp): Promise<void> {
  const error = await snapshot(cache).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(HubError)
  expect((error as HubError).code).toBe('bad_response')
  expect((error as HubError).message).toMatch(why)
  expect(cache.getState('hubCursor')).toBeUndefined()
}

/** The next try, as the hub sent it: the ticket form, a cursor, equal to the server, searchable. */
async function expectRetrySucceeds(cache: TicketCache): Promise<void> {
  tamper = null
  const result = await snapshot(cache)
  expect(asked.at(-1)).toBe('/snapshot')
  expect(cache.getState('hubCursor')).toBe(result.cursor)
  await expectEqualsServer(cache)
  const { id, name, membershipNo } = await contactTicket()
  expectFound(cache, id, [name, membershipNo])
}

const rowsLines = (lines: string[], table: string): number[] =>
  lines.flatMap((l, i) => (l.startsWith(`{"type":"rows","table":"${table}"`) ? [i] : []))

describe('the snapshot in the stored form', () => {
  it('an empty cache takes rows: equal to the server field for field, searchable by a Chinese name and a membership number', async () => {
    tamper = null
    const cache = freshCache()
    try {
      const result = await snapshot(cache)
      expect(asked.at(-1)).toMatch(/^\/snapshot\?form=rows-index&schema=\d+$/)
      expect(result.tickets).toBe(300)
      expect(cache.getState('hubCursor')).toBe(result.cursor)
      await expectEqualsServer(cache)

      const { id, name, membershipNo } = await contactTicket()
      expectFound(cache, id, [name, membershipNo])
      // And the second sync of that cache reads the ticket form (it holds tickets now).
      await snapshot(cache)
      expect(asked.at(-1)).toBe('/snapshot')
      await expectEqualsServer(cache)
    } finally {
      cache.close()
    }
  })

  it('a malformed rows line is refused with a clear error, and no cursor is stored', async () => {
    // A ticket row missing its last cell.
    tamper = changeFirst<unknown[]>('tickets', (line) => {
      line.rows[3] = line.rows[3]!.slice(0, -1)
    })
    const cache = freshCache()
    try {
      await expectRefused(cache, /row 3 of tickets is not \d+ plain values/)
    } finally {
      cache.close()
    }
  })

  it('a stream cut before its end leaves no cursor; the next try takes the ticket form, equals the server and its search finds', async () => {
    // Cut inside the search index: tickets written, their index half there.
    tamper = (lines) => lines.slice(0, rowsLines(lines, 'ticket_search_data')[0]! + 1)
    const cache = freshCache()
    try {
      const error = await snapshot(cache).catch((e: unknown) => e)
      expect((error as HubError).code).toBe('unreachable')
      expect(cache.getState('hubCursor')).toBeUndefined()
      expect(cache.ticketCount()).toBeGreaterThan(0)
      await expectRetrySucceeds(cache)
    } finally {
      cache.close()
    }
  })

  it('a shipped search index with one damaged block is refused with a clear error; the retry succeeds and finds', async () => {
    // Bytes in the middle of one block of the index changed on the way.
    tamper = changeFirst<[number, string]>('ticket_search_data', (line) => {
      const row = line.rows.find(([, block]) => block.length > 2000)!
      const block = Buffer.from(row[1], 'base64')
      for (let i = 600; i < 640; i++) block[i] = block[i]! ^ 0x5a
      row[1] = block.toString('base64')
    })
    const cache = freshCache()
    try {
      await expectRefused(cache, /search index is damaged|not found by its own words/)
      const { id, name, membershipNo } = await contactTicket()
      // The index was rebuilt from the stored tickets: the cache is searchable meanwhile.
      expectFound(cache, id, [name, membershipNo])
      await expectRetrySucceeds(cache)
    } finally {
      cache.close()
    }
  })

  it('a shipped index of other tickets is refused', async () => {
    // The index's document count left as it is, one ticket fewer sent: it no longer fits.
    tamper = (lines) => {
      const at = rowsLines(lines, 'tickets')[0]!
      const line = JSON.parse(lines[at]!) as { rows: unknown[][] }
      const gone = line.rows.pop()![0] as number
      const cut =
        (table: string, idAt: number) =>
        (l: string): string => {
          if (!l.startsWith(`{"type":"rows","table":"${table}"`)) return l
          const other = JSON.parse(l) as { rows: unknown[][] }
          other.rows = other.rows.filter((r) => r[idAt] !== gone)
          return JSON.stringify(other)
        }
      const end = lines.findIndex((l) => l.startsWith('{"type":"end"'))
      return lines
        .map((l, i) => (i === at ? JSON.stringify(line) : l))
        .map(cut('ticket_json', 0))
        .map(cut('interactions', 1))
        .map((l, i) => (i === end ? l.replace(/"tickets":\d+/, `"tickets":${299}`) : l))
    }
    const cache = freshCache()
    try {
      await expectRefused(cache, /search index counts 300 tickets, the snapshot 299/)
    } finally {
      tamper = null
      cache.close()
    }
  })

  it('a rows snapshot stopped by a crash has its search index rebuilt when the cache is opened', async () => {
    // Cut after the tickets, before their index, and the process "killed": abort never ran.
    tamper = (lines) => lines.slice(0, rowsLines(lines, 'ticket_search_config')[0]!)
    const path = join(world.dir, `crash-${n}.sqlite`)
    const key = Buffer.alloc(32, 99)
    const first = openCache(path, { key }).cache
    const writer = first.snapshotRows()!
    writer.abort = () => {}
    first.snapshotRows = () => writer
    await snapshot(first).catch(() => null)
    expect(first.ticketCount()).toBeGreaterThan(0)
    const { id, name, membershipNo } = await contactTicket()
    expect(first.queryTickets({ filters: { search: name }, limit: 500 }, NOW).rows).toEqual([])
    first.close()
    const reopened = openCache(path, { key }).cache
    try {
      expectFound(reopened, id, [name, membershipNo])
    } finally {
      tamper = null
      reopened.close()
    }
  })

  it('a desktop at another schema, asking for the earlier rows form or one this hub does not know, gets the ticket form', async () => {
    tamper = null
    for (const query of [
      `form=rows-index&schema=1`,
      `form=rows&schema=${schemaNow}`,
      `form=rows-v9&schema=${schemaNow}`,
    ]) {
      const res = await fetch(`${world.hub.url}/hub/v1/snapshot?${query}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
      expect(res.status).toBe(200)
      const begin = JSON.parse((await res.text()).split('\n')[0]!) as Record<string, unknown>
      expect(begin['type']).toBe('begin')
      expect(begin['form']).toBeUndefined()
    }
  })

  it('the hub builds the rows once per cursor however many desktops ask', async () => {
    const path = join(world.dir, 'hub.sqlite')
    const key = keyFromFile(path)
    const db = openDatabase(path, { key, readonly: true })
    const head = { epoch: epochOf(db), seq: headSeq(db) }
    db.close()
    const rows = new RowsSnapshots(path, key)
    // No desktop waits: before the first build, none is served (the ticket form is).
    expect([1, 2, 3].map(() => rows.current(head.epoch, head.seq))).toEqual([null, null, null])
    const a = await rows.settled()
    expect(rows.builds).toBe(1)
    expect(rows.current(head.epoch, head.seq)).toBe(a)
    expect(rows.current(head.epoch, head.seq + 1)).toBe(a)
    expect(rows.current('another-epoch', 0)).toBeNull()
    await rows.settled()
    const text = gunzipSync(Buffer.concat(a!.chunks)).toString('utf8')
    expect(text.split('\n')[0]).toContain('"form":"rows-index"')
    expect(a!.tickets).toBe(300)
  })
})
