import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCache, type TicketCache } from '../../../src/main/core/db/cache'
import { containsPattern } from '../../../src/main/core/db/people-store'
import { explainQuery } from '../../../src/main/core/db/query-source'
import { queryTickets } from '../../../src/main/core/db/ticket-query'
import type { Ticket } from '../../../src/shared/domain/api-schemas'
import { NOW, sampleTickets, tempDir } from './cache-fixtures'

const ctx = { meId: null, now: NOW }

let tmp: ReturnType<typeof tempDir>
let cache: TicketCache
let reference: Database.Database
const current = new Map<number, Ticket>()

/** The search's normalisation, written out: NFKC, then lower case. */
const norm = (text: string | null | undefined): string | null =>
  typeof text === 'string' ? text.normalize('NFKC').toLowerCase() : null

/**
 * What SQLite's own LIKE finds (the definition of correct): every word of the normalised input
 * (split at white space) LIKE anywhere in the normalised subject, content, contact name (as
 * written or without its spaces) or membership number, or equal to the national id; a word
 * that is a ticket id (`12`, `#12`) also matches that ticket.
 */
function likeIds(input: string): number[] {
  const words = [...new Set((norm(input) ?? '').split(/\s+/).filter(Boolean))]
  if (words.length === 0) return [...current.keys()].sort((a, b) => a - b)
  const one = `(subject LIKE ?1 ESCAPE '\\' OR content LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\'
    OR joined LIKE ?1 ESCAPE '\\' OR membership LIKE ?1 ESCAPE '\\' OR identity = ?2 OR id = ?3)`
  const where = words.map(() => one.replace(/\?\d/g, '?')).join(' AND ')
  const params = words.flatMap((w) => {
    const id = /^#?(\d{1,15})$/.exec(w)
    const like = containsPattern(w)
    return [like, like, like, like, like, w, id ? Number(id[1]) : null]
  })
  return (
    reference.prepare(`SELECT id FROM ref WHERE ${where} ORDER BY id`).all(...params) as {
      id: number
    }[]
  ).map((r) => r.id)
}

const expectedIds = likeIds

function searchIds(term: string): number[] {
  const page = cache.queryTickets(
    { filters: { search: term }, sort: { column: 'id', direction: 'asc' }, limit: 500 },
    ctx,
  )
  const ids = page.rows.map((r) => r.id)
  for (let offset = 500; offset < page.total; offset += 500) {
    ids.push(
      ...cache
        .queryTickets(
          {
            filters: { search: term },
            sort: { column: 'id', direction: 'asc' },
            offset,
            limit: 500,
          },
          ctx,
        )
        .rows.map((r) => r.id),
    )
  }
  expect(ids.length, term).toBe(page.total)
  // A typed ticket id comes first (tested below); as a set, the rest is in id order.
  return ids.sort((a, b) => a - b)
}

function contactName(t: Ticket): string | null {
  const c = t.contact
  if (!c) return null
  if (c.name) return c.name
  return [c.last_name, c.first_name].filter(Boolean).join('') || null
}

function write(tickets: Ticket[]): void {
  cache.upsertTickets(tickets, NOW)
  const put = reference.prepare(
    'INSERT OR REPLACE INTO ref (id, subject, content, name, joined, membership, identity) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  for (const t of tickets) {
    current.set(t.id, t)
    const name = norm(contactName(t))
    put.run(
      t.id,
      norm(t.subject),
      norm(t.content),
      name,
      name?.replace(/\s+/g, '') ?? null,
      norm(t.contact?.membership_no),
      norm(t.contact?.identity_no),
    )
  }
}

/** Terms cut from the tickets' own text (2, 3, 4 characters and longer), plus hand-picked ones. */
function termsFrom(tickets: Ticket[], count: number): string[] {
  const terms: string[] = []
  let seed = 42
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  }
  for (let i = 0; i < count; i++) {
    const t = tickets[next(tickets.length)] as Ticket
    const text = [...(next(3) === 0 ? (t.subject ?? '') : (t.content ?? ''))]
    if (text.length < 6) continue
    const length = 2 + (i % 4)
    const start = next(text.length - length)
    terms.push(text.slice(start, start + length).join(''))
  }
  return terms
}

const HAND_PICKED = [
  '退款',
  '理賠',
  '保費',
  '退款申請',
  '客戶要求',
  '不存在的詞',
  '理',
  '賠',
  '。',
  '，',
  '（急）',
  '「請',
  'refund',
  'REFUND',
  'Refund Request',
  'fund',
  'a',
  'A-100',
  '#A',
  '50%',
  '%',
  '_',
  'a_b',
  '\\',
  '100',
  'ＡＢＣ',
  'ａ',
  'Ä',
  'ä',
  '退款 申請',
  ' and ',
  'full-width Ａ',
  '…',
  'qzzzz',
  'q',
]

beforeAll(() => {
  tmp = tempDir()
  cache = openCache(`${tmp.dir}/cache.sqlite`).cache
  reference = new Database(':memory:')
  reference.exec(
    'CREATE TABLE ref (id INTEGER PRIMARY KEY, subject TEXT, content TEXT, name TEXT, joined TEXT, membership TEXT, identity TEXT)',
  )
  const tickets = sampleTickets(2000, 11)
  for (let i = 0; i < tickets.length; i += 100) write(tickets.slice(i, i + 100))
})

afterAll(() => {
  cache.close()
  reference.close()
  tmp.cleanup()
})

describe('text search', () => {
  it('finds exactly what LIKE finds, for hand-picked terms of every kind', () => {
    for (const term of HAND_PICKED) expect(searchIds(term), term).toEqual(expectedIds(term))
  })

  it('finds exactly what LIKE finds, for 2- to 5-character terms cut from the tickets', () => {
    const terms = termsFrom([...current.values()], 240)
    expect(terms.length).toBeGreaterThan(150)
    let nonEmpty = 0
    for (const term of terms) {
      const want = expectedIds(term)
      if (want.length > 0) nonEmpty++
      expect(searchIds(term), term).toEqual(want)
    }
    expect(nonEmpty).toBe(terms.length) // every cut term occurs at least in its own ticket
  })

  it('finds English words and numbers by their letters, case-insensitively after NFKC', () => {
    write([
      {
        id: 90001,
        subject: 'Customers CALLED about order 748607-X',
        content: 'The \u212Aelvin sign, \u0130stanbul, x'.repeat(2) + 'a'.repeat(30) + 'b',
      },
      { id: 90002, subject: 'kelvin istanbul customer', content: 'abcdefghijklmnopqrstuvwxyz0123' },
    ])
    const terms = [
      'customer',
      'CUSTOMERS',
      'ustomer',
      'called about',
      'order 7486',
      '748607',
      '8607-x',
      'kelvin',
      'elvin',
      'istanbul',
      'stanbul',
      'a'.repeat(24),
      'a'.repeat(25) + 'b',
      'abcdefghijklmnopqrstuvwxyz',
      'xyz0123',
      'the',
      'th',
    ]
    for (const term of terms) expect(searchIds(term), term).toEqual(expectedIds(term))
    // NFKC turns the Kelvin sign into K (the search normalises; LIKE alone folds only ASCII).
    expect(searchIds('kelvin')).toEqual([90001, 90002])
    expect(searchIds('stanbul')).toEqual([90001, 90002])
  })

  it('pages a very common term the same whichever plan finds the page', () => {
    const more = Array.from({ length: 1500 }, (_, i) => ({
      id: 80_000 + i,
      subject: i % 2 === 0 ? '客戶來電 every' : 'Customer called',
      content: `客戶要求 ${i}`,
      status: i % 4,
      updated_at: `2026-05-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00`,
    }))
    for (let i = 0; i < more.length; i += 100) write(more.slice(i, i + 100))
    for (const term of ['客', '客戶', 'e']) {
      const sort = { column: 'updated_at', direction: 'desc' } as const
      // limit 500 collects the matches first; limit 10 tests tickets along the sort index.
      const wide = cache.queryTickets({ filters: { search: term }, sort, limit: 500 }, ctx)
      const narrow = cache.queryTickets({ filters: { search: term }, sort, limit: 10 }, ctx)
      expect(wide.total, term).toBeGreaterThan(500)
      expect(narrow.total, term).toBe(wide.total)
      expect(narrow.rows, term).toEqual(wide.rows.slice(0, 10))
      expect(wide.total, term).toBe(expectedIds(term).length)
      const page = explainQuery(cache.connection(), (trace) =>
        queryTickets(
          cache.connection(),
          { filters: { search: term }, sort, limit: 10 },
          ctx,
          trace,
        ),
      ).find((p) => /\bLIMIT\b/.test(p.sql))
      expect(page?.sql, term).toMatch(/EXISTS/)
    }
  })

  it('also matches the ticket whose id is a numeric term', () => {
    const id = 1234
    const ids = searchIds(String(id))
    expect(ids).toContain(id)
    expect(ids.filter((x) => x !== id)).toEqual(likeIds(String(id)).filter((x) => x !== id))
  })

  it('ignores surrounding spaces and treats an empty search as none', () => {
    expect(searchIds('  退款  ')).toEqual(likeIds('退款'))
    expect(cache.queryTickets({ filters: { search: '   ' } }, ctx).total).toBe(current.size)
  })

  it('stays exact after updates and deletes', () => {
    const all = [...current.values()]
    const changed = all.slice(0, 300).map((t, i) => ({
      ...t,
      subject: i % 2 === 0 ? `退款改為理賠 ${t.subject ?? ''}` : (t.subject ?? null),
      content: i % 3 === 0 ? 'Totally NEW text 全新內容' : null,
      updated_at: '2026-06-01 11:00:00',
    }))
    for (let i = 0; i < changed.length; i += 100) write(changed.slice(i, i + 100))
    const gone = all.slice(300, 500).map((t) => t.id)
    cache.deleteTickets(gone)
    const del = reference.prepare('DELETE FROM ref WHERE id = ?')
    for (const id of gone) {
      del.run(id)
      current.delete(id)
    }
    const terms = [
      ...HAND_PICKED,
      '全新',
      '全新內容',
      'new text',
      '改為',
      ...termsFrom(all.slice(0, 600), 60),
    ]
    for (const term of terms) expect(searchIds(term), term).toEqual(expectedIds(term))
    expect(searchIds('全新內容').length).toBe(100)
  })

  it('counts views under a search like the search itself', () => {
    const counts = cache.countViews({ search: '退款' }, ctx)
    expect(counts.all).toBe(likeIds('退款').length)
  })
})
