import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCache } from '../../../src/main/core/db/cache'
import type { CacheNotice } from '../../../src/main/core/db/cache-interfaces'
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/main/core/db/migrations'
import { openDatabase } from '../../../src/main/core/db/open-database'
import { runMigrations, schemaVersion } from '../../../src/main/core/db/run-migrations'
import { setAsideFile } from '../../../src/main/core/db/set-aside'
import { DamagedRecordError } from '../../../src/main/core/db/ticket-doc'
import { getTicket } from '../../../src/main/core/db/ticket-reader'
import { AppError } from '../../../src/shared/domain/errors'
import { NOW, sampleTickets, tempDir } from './cache-fixtures'

let tmp: ReturnType<typeof tempDir>
let path: string
const fixedNow = (): Date => new Date('2026-06-01T04:05:06.789Z')

beforeEach(() => {
  tmp = tempDir()
  path = `${tmp.dir}/cache.sqlite`
})

afterEach(() => tmp.cleanup())

function fill(count: number): void {
  const { cache } = openCache(path)
  const tickets = sampleTickets(count)
  for (let i = 0; i < tickets.length; i += 100) cache.upsertTickets(tickets.slice(i, i + 100), NOW)
  cache.close()
}

describe('openDatabase and migrations', () => {
  it('creates the schema once, at the newest version, with WAL and foreign keys on', () => {
    const { cache, notice } = openCache(path)
    expect(notice).toBeNull()
    const db = cache.connection()
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
    expect(cache.stats().schemaVersion).toBe(SCHEMA_VERSION)
    cache.close()
    const again = openDatabase(path)
    expect(runMigrations(again)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION })
    again.close()
  })

  it('brings a cache from version 50 up, its search index rebuilt from the stored tickets', () => {
    const db = openDatabase(path)
    runMigrations(
      db,
      MIGRATIONS.filter((m) => m.version <= 50),
    )
    const tickets = sampleTickets(700)
    const put = db.prepare('INSERT INTO tickets (id, subject) VALUES (?, ?)')
    const putJson = db.prepare('INSERT INTO ticket_json (id, synced_at, json) VALUES (?, ?, ?)')
    for (const t of tickets) {
      put.run(t.id, t.subject ?? null)
      putJson.run(t.id, NOW, JSON.stringify(t))
    }
    db.close()
    const { cache, notice } = openCache(path)
    expect(notice).toBeNull()
    expect(cache.stats().schemaVersion).toBe(SCHEMA_VERSION)
    expect(cache.ticketCount()).toBe(tickets.length)
    for (const term of ['退款', 'Refund', '客戶要求', '。']) {
      const found = cache.queryTickets(
        { filters: { search: term }, limit: 500 },
        { meId: null, now: NOW },
      )
      const want = tickets.filter((t) =>
        [t.subject, t.content].some(
          (text) => typeof text === 'string' && text.toLowerCase().includes(term.toLowerCase()),
        ),
      )
      expect(found.total, term).toBe(want.length)
      expect(found.total, term).toBeGreaterThan(0)
    }
    cache.close()
  })

  it('brings a cache from version 60 up: its contacts, employees and tickets found the new ways', () => {
    const db = openDatabase(path)
    runMigrations(
      db,
      MIGRATIONS.filter((m) => m.version <= 60),
    )
    const contact = {
      id: 77,
      name: '楊 美玲',
      membership_no: 'M00423117',
      identity_no: 'B219303009',
    }
    const employee = {
      id: 5,
      name: '王 佩珊',
      employee_no: 'e0005',
      extension: { id: 1, extension: '8123' },
    }
    const ticket = { id: 3450, subject: '信用卡退款', content: '退款進度', contact, contact_id: 77 }
    db.prepare(
      'INSERT INTO tickets (id, subject, contact_id, contact_name) VALUES (?, ?, ?, ?)',
    ).run(3450, ticket.subject, 77, contact.name)
    db.prepare('INSERT INTO ticket_json (id, synced_at, json) VALUES (?, ?, ?)').run(
      3450,
      NOW,
      JSON.stringify(ticket),
    )
    db.prepare('INSERT INTO contacts (id, name, membership_no, json) VALUES (?, ?, ?, ?)').run(
      77,
      contact.name,
      contact.membership_no,
      JSON.stringify(contact),
    )
    db.prepare(
      'INSERT INTO employees (id, from_list, position, name, employee_no, json) VALUES (?, 1, 0, ?, ?, ?)',
    ).run(5, employee.name, employee.employee_no, JSON.stringify(employee))
    db.close()
    const { cache } = openCache(path)
    expect(cache.stats().schemaVersion).toBe(SCHEMA_VERSION)
    const ctx = { meId: null, now: NOW }
    for (const search of ['楊美玲 退款', 'b219303009', 'Ｍ００４２３１１７', '#3450 信用卡']) {
      expect(
        cache.queryTickets({ filters: { search } }, ctx).rows.map((r) => r.id),
        search,
      ).toEqual([3450])
    }
    expect(cache.searchContacts('楊美玲', 5).map((c) => c.id)).toEqual([77])
    expect(cache.searchContacts('B219303009', 5).map((c) => c.id)).toEqual([77])
    expect(cache.searchEmployees('王佩珊', 5).map((e) => e.id)).toEqual([5])
    expect(cache.searchEmployees('8123', 5).map((e) => e.id)).toEqual([5])
    cache.close()
  })

  it('brings a version-70 cache to the packed form: every ticket and contact reads back identical', () => {
    const db = openDatabase(path)
    runMigrations(
      db,
      MIGRATIONS.filter((m) => m.version <= 70),
    )
    // The layout of version 70, as its writer left it: whole JSON copies everywhere.
    const tickets = sampleTickets(1200)
    const put = db.prepare('INSERT INTO tickets (id, subject, status) VALUES (?, ?, ?)')
    const putJson = db.prepare('INSERT INTO ticket_json (id, synced_at, json) VALUES (?, ?, ?)')
    const putContact = db.prepare(
      'INSERT OR REPLACE INTO contacts (id, name, membership_no, json) VALUES (?, ?, ?, ?)',
    )
    const putCall = db.prepare(
      'INSERT INTO interactions (ticket_id, interaction_id, json) VALUES (?, ?, ?)',
    )
    const contacts = new Map<number, unknown>()
    db.transaction(() => {
      for (const t of tickets) {
        put.run(t.id, t.subject ?? null, t.status ?? null)
        putJson.run(t.id, NOW, JSON.stringify(t))
        if (t.contact) {
          putContact.run(t.contact.id, t.contact.name ?? null, null, JSON.stringify(t.contact))
          contacts.set(t.contact.id, t.contact)
        }
        for (const call of t.interact_collections ?? []) {
          putCall.run(t.id, call.id, JSON.stringify(call))
        }
      }
      // One record already damaged before the upgrade.
      put.run(777777, 'broken', 0)
      putJson.run(777777, NOW, `{"id":777777,"subject":"${String.fromCharCode(1)}"}`)
    })()
    const wholeBytes = db
      .prepare('SELECT sum(length(json)) FROM ticket_json')
      .pluck()
      .get() as number
    db.close()

    const { cache, notice } = openCache(path)
    expect(notice).toBeNull()
    expect(cache.stats().schemaVersion).toBe(SCHEMA_VERSION)
    for (const t of tickets) {
      expect(JSON.stringify(cache.getTicket(t.id)?.ticket), `ticket ${t.id}`).toBe(
        JSON.stringify(t),
      )
    }
    expect(contacts.size).toBeGreaterThan(10)
    for (const [id, contact] of contacts) expect(cache.getContact(id)).toEqual(contact)
    expect(cache.stats().interactions).toBe(
      tickets.reduce((n, t) => n + (t.interact_collections?.length ?? 0), 0),
    )
    const packedBytes = cache
      .connection()
      .prepare('SELECT sum(length(json)) FROM ticket_json')
      .pluck()
      .get() as number
    expect(packedBytes / wholeBytes).toBeLessThan(0.5)
    // The old copies' pages were given back: none left free in the file.
    expect(cache.connection().pragma('freelist_count', { simple: true })).toBe(0)
    // The damaged record is still there, and reading it says so: the cache drops it and notes
    // it for the sync to fetch again.
    expect(() => getTicket(cache.connection(), 777777)).toThrow(DamagedRecordError)
    expect(cache.ticketCount()).toBe(tickets.length + 1)
    expect(cache.getTicket(777777)).toBeNull()
    expect(cache.takeDamagedTicketIds()).toEqual([777777])
    expect(cache.ticketCount()).toBe(tickets.length)
    cache.close()
  })

  it('numbers migrations in order and runs a failing batch not at all', () => {
    const versions = MIGRATIONS.map((m) => m.version)
    expect(versions).toEqual([...versions].sort((a, b) => a - b))
    const db = openDatabase(path)
    const broken = [
      ...MIGRATIONS,
      {
        version: SCHEMA_VERSION + 10,
        name: 'broken',
        up: () => {
          throw new Error('boom')
        },
      },
    ]
    expect(() => runMigrations(db, broken)).toThrow('boom')
    expect(schemaVersion(db)).toBe(0)
    expect(
      db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'tickets'").get(),
    ).toEqual({ n: 0 })
    db.close()
  })

  it('refuses a cache written by a newer app, and leaves the file alone', () => {
    fill(10)
    const db = openDatabase(path)
    db.pragma(`user_version = ${SCHEMA_VERSION + 10}`)
    db.close()
    let error: unknown
    try {
      openCache(path)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('cache_unavailable')
    expect((error as AppError).message).toMatch(/older than the cache/)
    expect(existsSync(path)).toBe(true)
    const check = openDatabase(path, { readonly: true })
    expect(check.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 15 })
    check.close()
  })
})

describe('a damaged cache file', () => {
  it('that is not a database is set aside and a fresh cache opened', () => {
    writeFileSync(path, 'this is not a database '.repeat(500))
    const { cache, notice } = openCache(path, { now: fixedNow })
    expect(notice).toEqual({ kind: 'cache_rebuilt', movedTo: `${path}.damaged-20260601T040506Z` })
    expect(readFileSync(notice?.movedTo ?? '', 'utf8')).toMatch(/^this is not a database/)
    cache.upsertTickets(sampleTickets(5), NOW)
    expect(cache.ticketCount()).toBe(10)
    cache.close()
  })

  it('that was truncated is set aside and a fresh cache opened', () => {
    fill(300)
    truncateSync(path, 4096 * 3)
    const { cache, notice } = openCache(path, { now: fixedNow })
    expect(notice?.kind).toBe('cache_rebuilt')
    const movedTo = notice?.movedTo ?? ''
    expect(statSync(movedTo).size).toBe(4096 * 3)
    expect(cache.ticketCount()).toBe(0)
    expect(cache.stats().schemaVersion).toBe(SCHEMA_VERSION)
    cache.close()
  })

  it('found by a query is set aside, reported, and replaced by a working cache', () => {
    fill(1500)
    // Damage the subject index's pages: opening (which reads other pages) still succeeds.
    const db = openDatabase(path)
    db.pragma('wal_checkpoint(TRUNCATE)')
    const root = (
      db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'tickets_by_subject'").get() as {
        rootpage: number
      }
    ).rootpage
    db.close()
    const bytes = readFileSync(path)
    bytes.fill(0xa5, (root - 1) * 4096, root * 4096)
    writeFileSync(path, bytes)

    const notices: CacheNotice[] = []
    const { cache, notice } = openCache(path, { now: fixedNow, onRebuilt: (n) => notices.push(n) })
    expect(notice).toBeNull()
    let error: unknown
    try {
      cache.queryTickets(
        { sort: { column: 'subject', direction: 'asc' }, offset: 700 },
        { meId: null, now: NOW },
      )
    } catch (e) {
      error = e
    }
    expect((error as AppError).code).toBe('cache_unavailable')
    expect(notices).toHaveLength(1)
    expect(existsSync(notices[0]?.movedTo ?? '')).toBe(true)
    expect(cache.ticketCount()).toBe(0)
    cache.upsertTickets(sampleTickets(3), NOW)
    expect(
      cache.queryTickets(
        { sort: { column: 'subject', direction: 'asc' } },
        { meId: null, now: NOW },
      ).total,
    ).toBe(8)
    cache.close()
  })

  it('is moved together with its -wal and -shm, never over an earlier one', () => {
    for (const suffix of ['', '-wal', '-shm']) writeFileSync(path + suffix, `old${suffix}`)
    const first = setAsideFile(path, fixedNow())
    for (const suffix of ['', '-wal', '-shm']) writeFileSync(path + suffix, `new${suffix}`)
    const second = setAsideFile(path, fixedNow())
    expect(second).not.toBe(first)
    for (const suffix of ['', '-wal', '-shm']) {
      expect(readFileSync(first + suffix, 'utf8')).toBe(`old${suffix}`)
      expect(readFileSync(second + suffix, 'utf8')).toBe(`new${suffix}`)
      expect(existsSync(path + suffix)).toBe(false)
    }
  })

  it('can be set aside on request, or deleted (signing out)', () => {
    fill(20)
    const { cache } = openCache(path, { now: fixedNow })
    const notice = cache.reset()
    expect(existsSync(notice.movedTo)).toBe(true)
    expect(cache.ticketCount()).toBe(0)
    cache.upsertTickets(sampleTickets(3), NOW)
    cache.reset({ keep: false })
    expect(cache.ticketCount()).toBe(0)
    cache.close()
  })
})
