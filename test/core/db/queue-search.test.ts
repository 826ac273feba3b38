/**
 * The queue search against a plain reference model: every word of the normalised input (NFKC,
 * lower case, split at half- or full-width spaces) found with `includes` in the normalised
 * subject, content, contact name (as written or without its spaces) or membership number, or
 * equal to the contact's national id, or (a ticket id word) being that ticket's id. Compared on
 * generated term sets of 1, 2 and 3 words and on the cases agents reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCache, type TicketCache } from '../../../src/main/core/db/cache'
import { explainQuery } from '../../../src/main/core/db/query-source'
import { queryTickets } from '../../../src/main/core/db/ticket-query'
import type { Contact, Ticket } from '../../../src/shared/domain/api-schemas'
import type { TicketPage } from '../../../src/shared/domain/queue'
import { NOW, sampleTickets, tempDir } from './cache-fixtures'

const ctx = { meId: null, now: NOW }

let tmp: ReturnType<typeof tempDir>
let cache: TicketCache
let tickets: Ticket[]

const norm = (text: string | null | undefined): string =>
  typeof text === 'string' ? text.normalize('NFKC').toLowerCase() : ''

interface RefTicket {
  id: number
  fields: string[]
  identity: string
}

let refs: RefTicket[]

function contactName(c: Contact | null | undefined): string {
  if (!c) return ''
  if (c.name) return c.name
  return [c.last_name, c.first_name].filter(Boolean).join('')
}

function refTicket(t: Ticket): RefTicket {
  const name = norm(contactName(t.contact))
  return {
    id: t.id,
    fields: [
      norm(t.subject),
      norm(t.content),
      name,
      name.replace(/\s+/g, ''),
      norm(t.contact?.membership_no),
    ],
    identity: norm(t.contact?.identity_no),
  }
}

/** The reference: ids of the tickets matching every word, in id order. */
function reference(input: string): number[] {
  const words = norm(input)
    .split(/\s+/)
    .filter((w) => w !== '')
  return refs
    .filter((r) =>
      words.every((w) => {
        const id = /^#?(\d{1,15})$/.exec(w)
        if (id && Number(id[1]) === r.id) return true
        if (r.identity !== '' && r.identity === w) return true
        return r.fields.some((f) => f.includes(w))
      }),
    )
    .map((r) => r.id)
}

function search(input: string, limit = 500): TicketPage {
  return cache.queryTickets(
    { filters: { search: input }, sort: { column: 'updated_at', direction: 'desc' }, limit },
    ctx,
  )
}

/** Every id the search finds (all pages), in id order. */
function searchIds(input: string): number[] {
  const first = search(input)
  const ids = first.rows.map((r) => r.id)
  for (let offset = 500; offset < first.total; offset += 500) {
    ids.push(
      ...cache
        .queryTickets(
          {
            filters: { search: input },
            sort: { column: 'updated_at', direction: 'desc' },
            offset,
            limit: 500,
          },
          ctx,
        )
        .rows.map((r) => r.id),
    )
  }
  expect(new Set(ids).size, input).toBe(first.total)
  return ids.sort((a, b) => a - b)
}

const YANG: Contact = {
  id: 90_001,
  name: '楊 美玲',
  first_name: '楊',
  last_name: '美玲',
  membership_no: 'M00423117',
  identity_no: 'B219303009',
}
const CHEN: Contact = {
  id: 90_002,
  name: '陳 淑芬',
  first_name: '陳',
  last_name: '淑芬',
  membership_no: 'M07730015',
  identity_no: 'A223456781',
}

/** Tickets that the issue's cases are about, added to the generated ones. */
function issueTickets(): Ticket[] {
  const base = {
    status: 0,
    priority: 1,
    created_at: '2026-05-20 10:00:00',
    updated_at: '2026-05-20 10:00:00',
  }
  return [
    {
      ...base,
      id: 3450,
      subject: '信用卡退款進度',
      content: '客戶詢問退款何時入帳。',
      contact: YANG,
      contact_id: YANG.id,
    },
    {
      ...base,
      id: 3451,
      subject: '車禍後的理賠申請',
      content: '需補件：診斷證明。',
      contact: CHEN,
      contact_id: CHEN.id,
    },
    {
      ...base,
      id: 3452,
      subject: 'Refund request for order #3450',
      content: 'The customer asks for a REFUND to the credit card.',
      contact: CHEN,
      contact_id: CHEN.id,
    },
    {
      ...base,
      id: 3453,
      subject: '理賠 車禍',
      content: '信用卡 退款',
      contact: null,
      contact_id: null,
    },
  ]
}

beforeAll(() => {
  tmp = tempDir()
  cache = openCache(`${tmp.dir}/cache.sqlite`).cache
  tickets = [...sampleTickets(3000, 5), ...issueTickets()]
  for (let i = 0; i < tickets.length; i += 100) cache.upsertTickets(tickets.slice(i, i + 100), NOW)
  refs = tickets.map(refTicket)
})

afterAll(() => {
  cache.close()
  tmp.cleanup()
})

/** A deterministic generator of the term sets. */
function generator(seed: number): (n: number) => number {
  let s = seed
  return (n) => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s % n
  }
}

const FULL_WIDTH = (text: string): string =>
  text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))

const MIXED_CASE = (text: string, rnd: (n: number) => number): string =>
  [...text].map((c) => (rnd(2) === 0 ? c.toUpperCase() : c.toLowerCase())).join('')

/** One word of a kind, taken from `t` (so most sets find something). */
function wordFrom(t: Ticket, kind: number, rnd: (n: number) => number): string | null {
  const cut = (text: string | null | undefined, min: number, max: number): string | null => {
    const chars = [...(text ?? '')]
    const len = min + rnd(max - min + 1)
    if (chars.length < len) return null
    const start = rnd(chars.length - len + 1)
    return chars.slice(start, start + len).join('')
  }
  const c = t.contact
  switch (kind) {
    case 0: // Chinese 2-4 characters of the subject or content
      return cut(rnd(3) === 0 ? t.subject : t.content, 2, 4)?.replace(/\s+/g, '') || null
    case 1: {
      // an English word (or a piece of one), in mixed case
      const words = `${t.subject ?? ''} ${t.content ?? ''}`.match(/[A-Za-z]{2,}/g) ?? []
      const w = words[rnd(Math.max(1, words.length))]
      return w ? MIXED_CASE(w, rnd) : null
    }
    case 2: // the contact's name, with or without its space
      return c?.name ? (rnd(2) === 0 ? c.name.replace(/\s+/g, '') : c.name) : null
    case 3: // a part of the name
      return cut(c?.name?.replace(/\s+/g, ''), 1, 2)
    case 4: // the membership number, whole or in part, sometimes full-width
      if (!c?.membership_no) return null
      return rnd(2) === 0 ? FULL_WIDTH(c.membership_no) : (cut(c.membership_no, 3, 6) ?? null)
    case 5: // the national id typed in full, in any case (or missing a character: no match)
      if (!c?.identity_no) return null
      return rnd(3) === 0 ? c.identity_no.slice(1) : MIXED_CASE(c.identity_no, rnd)
    case 6: // the ticket id, plain, with # or full-width
      return [String(t.id), `#${t.id}`, FULL_WIDTH(`#${t.id}`)][rnd(3)] as string
    default: // full-width English or Chinese
      return FULL_WIDTH(cut(t.subject, 2, 4) ?? '') || null
  }
}

function termSets(count: number, seed: number): string[] {
  const rnd = generator(seed)
  const sets: string[] = []
  while (sets.length < count) {
    const words: string[] = []
    const n = 1 + (sets.length % 3)
    // Words of one ticket (found together), or of random tickets (usually nothing).
    const same = rnd(4) !== 0
    const home = tickets[rnd(tickets.length)] as Ticket
    for (let i = 0; i < n * 3 && words.length < n; i++) {
      const t = same ? home : (tickets[rnd(tickets.length)] as Ticket)
      const w = wordFrom(t, rnd(8), rnd)
      if (w) words.push(w)
    }
    if (words.length === n) sets.push(words.join(rnd(3) === 0 ? '\u3000' : ' '))
  }
  return sets
}

describe('queue search against the reference', () => {
  it('finds what the reference finds for 600 generated sets of 1, 2 and 3 words', () => {
    const sets = termSets(600, 17)
    let nonEmpty = 0
    for (const input of sets) {
      const want = reference(input)
      if (want.length > 0) nonEmpty++
      expect(searchIds(input), input).toEqual(want)
    }
    expect(nonEmpty).toBeGreaterThan(250)
  })

  it.each([
    ['退款 信用卡'],
    ['信用卡\u3000退款'],
    ['車禍 理賠'],
    ['request Refund'],
    ['楊美玲'],
    ['楊 美玲'],
    ['淑芬'],
    ['B219303009'],
    ['b219303009'],
    ['#3450'],
    ['３４５０'],
    ['＃３４５０'],
    ['ＲＥＦＵＮＤ'],
    ['M00423117'],
    ['ｍ００４２３１１７'],
    ['美玲 退款'],
  ])('finds the issue case %s like the reference', (input) => {
    const want = reference(input)
    expect(want.length, input).toBeGreaterThan(0)
    expect(searchIds(input), input).toEqual(want)
  })

  it('does not match a part of a national id', () => {
    expect(searchIds('B2193030')).toEqual(reference('B2193030'))
    expect(searchIds('B2193030')).not.toContain(3450)
    expect(searchIds('B219303009')).toContain(3450)
  })

  it('puts a typed ticket id first, then the rest, on every page', () => {
    for (const input of ['3450', '#3450', '＃３４５０', '3450 退款', '退款 #3450']) {
      const page = search(input, 10)
      expect(page.rows[0]?.id, input).toBe(3450)
      expect(page.search?.pinnedIds, input).toEqual([3450])
      expect(page.total, input).toBe(reference(input).length)
      const all = search(input, 500).rows.map((r) => r.id)
      expect(all[0], input).toBe(3450)
      expect(new Set(all).size, input).toBe(page.total)
      const paged: number[] = []
      for (let offset = 0; offset < page.total; offset += 3) {
        paged.push(
          ...cache
            .queryTickets(
              {
                filters: { search: input },
                sort: { column: 'updated_at', direction: 'desc' },
                offset,
                limit: 3,
              },
              ctx,
            )
            .rows.map((r) => r.id),
        )
      }
      expect(paged, input).toEqual(all)
    }
    // An id that does not meet the other words is not added.
    expect(searchIds('3450 車禍')).toEqual(reference('3450 車禍'))
    expect(searchIds('3450 車禍')).not.toContain(3450)
  })

  it('puts the typed ticket first in the default order and under filters too', () => {
    const page = cache.queryTickets({ filters: { search: '#3451' }, limit: 5 }, ctx)
    expect(page.rows[0]?.id).toBe(3451)
    const filtered = cache.queryTickets(
      { filters: { search: '3450', statuses: [2] }, limit: 5 },
      ctx,
    )
    expect(filtered.rows.map((r) => r.id)).not.toContain(3450)
  })

  it('counts the views under a multi-word search like the search', () => {
    const counts = cache.countViews({ search: '退款 信用卡' }, ctx)
    expect(counts.all).toBe(reference('退款 信用卡').length)
  })

  it('says what matched where, in the row’s own text', () => {
    const [row] = search('ＲＥＦＵＮＤ #3450', 5).rows.filter((r) => r.id === 3452)
    expect(row?.match?.fields).toEqual(expect.arrayContaining(['subject', 'content']))
    expect(row?.match?.subject).toEqual([
      [0, 6],
      [25, 30],
    ])
    expect(row?.match?.excerpt?.text).toContain('REFUND')
    const yang = search('楊美玲 退款', 5).rows.find((r) => r.id === 3450)
    expect(yang?.contactName).toBe('楊 美玲')
    expect(yang?.match?.contactName).toEqual([[0, 4]])
    expect(yang?.match?.fields).toEqual(expect.arrayContaining(['contactName', 'subject']))
    const byId = search('b219303009', 5).rows.find((r) => r.id === 3450)
    expect(byId?.match?.fields).toEqual(['identityNo'])
    expect(JSON.stringify(byId)).not.toMatch(/B219303009/i)
    const byNo = search('M00423117', 5).rows.find((r) => r.id === 3450)
    expect(byNo?.match?.membershipNo).toEqual({ text: 'M00423117', ranges: [[0, 9]] })
    const pinned = search('3450', 5).rows[0]
    expect(pinned?.match?.fields).toContain('id')
  })

  it('answers a multi-word search and a typed id from the index and by rowid, never a scan', () => {
    const db = cache.connection()
    const sort = { column: 'updated_at', direction: 'desc' } as const
    for (const search of ['退款 信用卡', '車禍 理賠 申請', '3450 退款', '#3451']) {
      const found = explainQuery(db, (trace) =>
        queryTickets(db, { filters: { search }, sort }, ctx, trace),
      )
      for (const { sql, plan } of found) {
        expect(plan, `${search}: ${sql}`).not.toMatch(/SCAN tickets(?! USING (COVERING )?INDEX)/)
        expect(plan, `${search}: ${sql}`).not.toMatch(/SCAN ticket_json/)
      }
      expect(found[0]?.plan, search).toMatch(/VIRTUAL TABLE INDEX/)
      if (/\d/.test(search)) {
        const pinned = found.find((p) => /tickets\.id = \?/.test(p.sql))
        expect(pinned?.plan, search).toMatch(/SEARCH tickets USING INTEGER PRIMARY KEY/)
      }
    }
  })
})
