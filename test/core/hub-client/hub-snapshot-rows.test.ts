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
  probe.close()
  await waitFor(async () => {
    const res = await fetch(`${world.hub.url}/hub/v1/snapshot?form=rows&schema=${schema}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    return (await res.text()).startsWith('{"type":"begin"') && res.headers.get('content-length') !== null
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

const rowsLines = (lines: string[], table: string): number[] =>
  lines.flatMap((l, i) => (l.startsWith(`{"type":"rows","table":"${table}"`) ? [i] : []))

describe('the snapshot in the stored form', () => {
  it('an empty cache takes rows: equal to the server field for field, searchable by a Chinese name and a membership number', async () => {
    tamper = null
    const cache = freshCache()
    try {
      const result = await snapshot(cache)
      expect(asked.at(-1)).toMatch(/^\/snapshot\?form=rows&schema=\d+$/)
      expect(result.tickets).toBe(300)
      expect(cache.getState('hubCursor')).toBe(result.cursor)
      await expectEqualsServer(cache)

      const server = await serverView(world.sandbox.apiBase, TOKEN)
      const withContact = [...server.tickets.values()].find(
        (t) => typeof t.contact?.name === 'string' && typeof t.contact?.membership_no === 'string',
      )
      expect(withContact).toBeDefined()
      const { name, membership_no: membershipNo } = withContact!.contact as {
        name: string
        membership_no: string
      }
      expect(name).toMatch(/[\u4e00-\u9fff]/)
      const found = (search: string): number[] =>
        cache.queryTickets({ filters: { search }, limit: 500 }, NOW).rows.map((r) => r.id)
      // Found, and by the search: the rest of the floor is not listed.
      for (const term of [name, membershipNo]) {
        expect(found(term)).toContain(withContact!.id)
        expect(found(term).length).toBeLessThan(50)
      }
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
    tamper = (lines) => {
      const at = rowsLines(lines, 'tickets')[0]!
      const line = JSON.parse(lines[at]!) as { rows: unknown[][] }
      line.rows[3] = line.rows[3]!.slice(0, -1)
      return lines.map((l, i) => (i === at ? JSON.stringify(line) : l))
    }
    const cache = freshCache()
    try {
      const error = await snapshot(cache).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(HubError)
      expect((error as HubError).code).toBe('bad_response')
      expect((error as HubError).message).toMatch(/row 3 of tickets is not \d+ plain values/)
      expect(cache.getState('hubCursor')).toBeUndefined()
    } finally {
      cache.close()
    }
  })

  it('a stream cut before its end leaves no cursor; the next try takes the ticket form and equals the server', async () => {
    tamper = (lines) => lines.slice(0, rowsLines(lines, 'ticket_search')[0]! + 1)
    const cache = freshCache()
    try {
      const error = await snapshot(cache).catch((e: unknown) => e)
      expect((error as HubError).code).toBe('unreachable')
      expect(cache.getState('hubCursor')).toBeUndefined()
      expect(cache.ticketCount()).toBeGreaterThan(0)
      tamper = null
      const result = await snapshot(cache)
      expect(asked.at(-1)).toBe('/snapshot')
      expect(cache.getState('hubCursor')).toBe(result.cursor)
      await expectEqualsServer(cache)
    } finally {
      cache.close()
    }
  })

  it('a desktop at another schema gets the ticket form', async () => {
    tamper = null
    const res = await fetch(`${world.hub.url}/hub/v1/snapshot?form=rows&schema=1`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    const begin = JSON.parse((await res.text()).split('\n')[0]!) as Record<string, unknown>
    expect(begin['type']).toBe('begin')
    expect(begin['form']).toBeUndefined()
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
    expect(text.split('\n')[0]).toContain('"form":"rows"')
    expect(a!.tickets).toBe(300)
  })
})
