/**
 * The cache benchmark's read side: queue pages and counts for every built-in view and several
 * sorts, and text search against a LIKE scan of the same fields, on a filled cache.
 */
import Database from 'better-sqlite3'
import { containsPattern } from '../../src/main/core/db/people-store'
import { searchSet } from '../../src/main/core/db/ticket-where'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import { BUILTIN_VIEWS, type TicketQuery } from '../../src/shared/domain/queue'
import { generateTickets } from '../../src/sandbox/seed/generate-tickets'
import { BENCH_NOW } from './ingest'
import { round, summarize, timed, type Summary } from './stats'
import type { TicketCache } from '../../src/main/core'

export interface QueryBench {
  name: string
  ms: Summary
}

/** Queue pages (count + rows) for every built-in view and several sorts, shallow and deep. */
export function benchQueue(
  cache: TicketCache,
  repeats = 15,
): { pages: QueryBench[]; counts: QueryBench; all: Summary } {
  const ctx = { meId: 4, now: BENCH_NOW }
  const sorts: TicketQuery['sort'][] = [
    { column: 'default', direction: 'asc' },
    { column: 'updated_at', direction: 'desc' },
    { column: 'subject', direction: 'asc' },
    { column: 'handler', direction: 'desc' },
    { column: 'priority', direction: 'desc' },
    { column: 'due_at', direction: 'asc' },
  ]
  const pages: QueryBench[] = []
  const everything: number[] = []
  for (const view of BUILTIN_VIEWS) {
    for (const sort of sorts) {
      const total = cache.queryTickets({ view, sort, limit: 1 }, ctx).total
      for (const offset of [0, Math.floor(total / 2), Math.max(0, total - 50)]) {
        const samples: number[] = []
        for (let i = 0; i < repeats; i++)
          samples.push(timed(() => cache.queryTickets({ view, sort, offset, limit: 50 }, ctx)).ms)
        everything.push(...samples)
        pages.push({
          name: `${view} ${sort?.column} ${sort?.direction} @${offset}`,
          ms: summarize(samples),
        })
      }
    }
  }
  const countSamples: number[] = []
  for (let i = 0; i < repeats * 4; i++) countSamples.push(timed(() => cache.countViews({}, ctx)).ms)
  return {
    pages,
    counts: { name: 'countViews({})', ms: summarize(countSamples) },
    all: summarize(everything),
  }
}

/**
 * A deterministic random workload: 1, 2 and 3 Chinese words of 2-4 characters each, the words of
 * one set cut from one ticket (so most sets find something, as an agent's would); English words
 * in mixed case; contacts' names typed without the space.
 */
export function searchWorkload(perKind: number, seed = 3): Record<string, string[]> {
  const sample = generateTickets({ count: 2000, seed: 1, startId: 1, now: BENCH_NOW })
  let s = seed
  const rnd = (n: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s % n
  }
  const cutFrom = (t: Ticket, len: number): string | null => {
    const text = [...(rnd(3) === 0 ? (t.subject ?? '') : (t.content ?? ''))]
    for (let attempt = 0; attempt < 20; attempt++) {
      if (text.length <= len) return null
      const start = rnd(text.length - len)
      const term = text.slice(start, start + len).join('')
      if (/^[\u4e00-\u9fff]+$/.test(term)) return term
    }
    return null
  }
  const words = (n: number): string => {
    for (;;) {
      const t = sample[rnd(sample.length)] as Ticket
      const set: string[] = []
      for (let i = 0; i < n * 5 && set.length < n; i++) {
        const w = cutFrom(t, 2 + rnd(3))
        if (w && !set.includes(w)) set.push(w)
      }
      if (set.length === n) return set.join(' ')
    }
  }
  const english = [
    ...new Set(
      sample.flatMap((t) => `${t.subject ?? ''} ${t.content ?? ''}`.match(/[A-Za-z]{2,}/g) ?? []),
    ),
  ]
  const englishWords = english.length > 0 ? english : ['PA']
  const pick = (list: string[]): string => {
    const w = list[rnd(list.length)] as string
    return rnd(2) === 0 ? w.toLowerCase() : w.toUpperCase()
  }
  const names = [
    ...new Set(sample.map((t) => t.contact?.name?.replace(/\s+/g, '')).filter(Boolean)),
  ] as string[]
  return {
    '1 word': Array.from({ length: perKind }, () => words(1)),
    '2 words': Array.from({ length: perKind }, () => words(2)),
    '3 words': Array.from({ length: perKind }, () => words(3)),
    english: Array.from({ length: perKind }, () => pick(englishWords)),
    'name without space': Array.from({ length: perKind }, () => names[rnd(names.length)] ?? '王'),
  }
}

export interface SearchBench {
  kind: string
  terms: number
  ms: Summary
  /**
   * The same calls' CPU time (this process, user + system): on a shared machine the wall time
   * also holds the time spent waiting for a core, this does not.
   */
  cpuMs: Summary
  likeMs: Summary
  ratio: number
  identical: boolean
  mismatches: string[]
}

const norm = (text: unknown): string | null =>
  typeof text === 'string' ? text.normalize('NFKC').toLowerCase() : null

/**
 * Each search is what the queue does: the count plus the newest 50 (with what to highlight).
 * LIKE scans a narrow copy of the same fields, normalised the same way: every word LIKE in the
 * subject, content, contact name (as written or without its spaces) or membership number, or
 * equal to the national id.
 */
export function benchSearch(
  cache: TicketCache,
  likePath: string,
  perKind: number,
  likeTerms: number,
): SearchBench[] {
  const like = new Database(likePath)
  like.pragma('journal_mode = WAL')
  like.exec(`CREATE TABLE IF NOT EXISTS ref (id INTEGER PRIMARY KEY, subject TEXT, content TEXT,
    name TEXT, joined TEXT, membership TEXT, identity TEXT)`)
  const filled = (like.prepare('SELECT count(*) AS n FROM ref').get() as { n: number }).n
  if (filled === 0) {
    const put = like.prepare('INSERT INTO ref VALUES (?, ?, ?, ?, ?, ?, ?)')
    like.exec('BEGIN')
    // Each ticket as the cache gives it back (the stored form packs the contact, ticket-doc.ts).
    for (const id of cache.allTicketIds()) {
      const t = cache.getTicket(id)?.ticket as Ticket
      const r = { id }
      const name = norm(t.contact?.name ?? null)
      put.run(
        r.id,
        norm(t.subject),
        norm(t.content),
        name,
        name?.replace(/\s+/g, '') ?? null,
        norm(t.contact?.membership_no),
        norm(t.contact?.identity_no),
      )
    }
    like.exec('COMMIT')
  }
  const one = `(subject LIKE ? ESCAPE '\\' OR content LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\'
    OR joined LIKE ? ESCAPE '\\' OR membership LIKE ? ESCAPE '\\' OR identity = ?)`
  const likeIds = (input: string): number[] => {
    const words = [...new Set((norm(input) ?? '').split(/\s+/).filter(Boolean))]
    const params = words.flatMap((w) => {
      const p = containsPattern(w)
      return [p, p, p, p, p, w]
    })
    const sql = `SELECT id FROM ref WHERE ${words.map(() => one).join(' AND ')} ORDER BY id`
    return (like.prepare(sql).all(...params) as { id: number }[]).map((x) => x.id)
  }
  const ctx = { meId: null, now: BENCH_NOW }
  const out: SearchBench[] = []
  for (const [kind, terms] of Object.entries(searchWorkload(perKind))) {
    const samples: number[] = []
    const cpuSamples: number[] = []
    for (const term of terms) {
      const cpu = process.cpuUsage()
      samples.push(
        timed(() =>
          cache.queryTickets(
            {
              filters: { search: term },
              sort: { column: 'updated_at', direction: 'desc' },
              limit: 50,
            },
            ctx,
          ),
        ).ms,
      )
      const used = process.cpuUsage(cpu)
      cpuSamples.push((used.user + used.system) / 1000)
    }
    const likeSamples: number[] = []
    const mismatches: string[] = []
    for (const term of terms.slice(0, likeTerms)) {
      const r = timed(() => likeIds(term))
      likeSamples.push(r.ms)
      const set = searchSet({ search: term })
      const found = set
        ? (
            cache
              .connection()
              .prepare(`SELECT id FROM tickets WHERE id IN (${set.sql}) ORDER BY id`)
              .all(...set.params) as { id: number }[]
          ).map((x) => x.id)
        : []
      if (JSON.stringify(found) !== JSON.stringify(r.value)) mismatches.push(term)
    }
    const ms = summarize(samples)
    const likeMs = summarize(likeSamples)
    out.push({
      kind,
      terms: terms.length,
      ms,
      cpuMs: summarize(cpuSamples),
      likeMs,
      ratio: round(likeMs.p50 / Math.max(ms.p50, 0.001), 1),
      identical: mismatches.length === 0,
      mismatches,
    })
  }
  like.close()
  return out
}
