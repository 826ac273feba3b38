/**
 * The team overview at scale: the whole screen's aggregates (every chart, one call) for each
 * scope and range, beside the side bar's view counts on the same cache (the other "count
 * everything" question the screens ask) and beside the same numbers counted in TypeScript over
 * every open and recent row read from SQLite (what a screen without SQL aggregates would do).
 * It reports; it never passes or fails.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { openCache, type OverviewQuery, type TicketCache } from '../../src/main/core'
import { BENCH_NOW, ingestCache } from '../cache/ingest'
import { round, summarize, timed, type Summary } from '../cache/stats'

export interface OverviewBenchReport {
  tickets: number
  /** computeOverview per scope and range. */
  cases: { name: string; ms: Summary }[]
  /** Every case's samples together: the screen's p95. */
  all: Summary
  countViews: Summary
  /** The same numbers counted in TypeScript over the rows read (everyone, 30 days). */
  plainTs: Summary
  /** plainTs p95 / overview p95 (everyone, 30 days). */
  ratioPlainTs: number
}

const ME = 4

/** The overview's numbers for everyone, counted in TypeScript over the rows SQLite hands over. */
function plainTsOverview(cache: TicketCache, days: number): number {
  const db = cache.connection()
  const from = `${BENCH_NOW.slice(0, 10)} 00:00:00`
  const rows = db
    .prepare(
      `SELECT status, priority, due_at, handler_id, category_id, created_at, updated_at FROM tickets
       WHERE status IN (0, 1) OR created_at >= date(?, ?) OR updated_at >= date(?, ?)`,
    )
    .all(from, `-${days - 1} days`, from, `-${days - 1} days`) as Record<string, unknown>[]
  const counts = new Map<string, number>()
  const bump = (k: string): void => void counts.set(k, (counts.get(k) ?? 0) + 1)
  for (const r of rows) {
    if (r.status === 0 || r.status === 1) {
      bump(`sp${String(r.status)}/${String(r.priority)}`)
      bump(`h${String(r.handler_id)}`)
      bump(`c${String(r.category_id)}`)
      if (typeof r.due_at === 'string' && r.due_at < BENCH_NOW) bump('overdue')
    }
    bump(`d${String(r.created_at).slice(0, 10)}`)
  }
  return counts.size
}

export function runOverviewBench(cache: TicketCache, repeats = 20): OverviewBenchReport {
  const group = cache.employeeGroup(ME).memberIds
  const scopes: [string, OverviewQuery['scope']][] = [
    ['everyone', { kind: 'everyone' }],
    ['my group', { kind: 'group', handlerIds: group }],
    ['me', { kind: 'me', meId: ME }],
  ]
  const cases: { name: string; ms: Summary }[] = []
  const every: number[] = []
  let headline: Summary | null = null
  // A first call warms the page cache, as the screen's first paint after start-up would not be.
  cache.overview({ scope: { kind: 'everyone' }, now: BENCH_NOW, days: 30 })
  for (const [name, scope] of scopes) {
    for (const days of [7, 30, 90] as const) {
      const samples: number[] = []
      for (let i = 0; i < repeats; i++)
        samples.push(timed(() => cache.overview({ scope, now: BENCH_NOW, days })).ms)
      every.push(...samples)
      const ms = summarize(samples)
      if (name === 'everyone' && days === 30) headline = ms
      const who = name === 'my group' ? `my group (${group.length} handlers)` : name
      cases.push({ name: `${who}, ${days} days`, ms })
    }
  }
  const ctx = { meId: ME, now: BENCH_NOW }
  const counts: number[] = []
  for (let i = 0; i < repeats; i++) counts.push(timed(() => cache.countViews({}, ctx)).ms)
  const plain: number[] = []
  for (let i = 0; i < Math.max(3, Math.floor(repeats / 4)); i++)
    plain.push(timed(() => plainTsOverview(cache, 30)).ms)
  const plainTs = summarize(plain)
  return {
    tickets: cache.ticketCount(),
    cases,
    all: summarize(every),
    countViews: summarize(counts),
    plainTs,
    ratioPlainTs: round(plainTs.p95 / Math.max(0.01, headline?.p95 ?? 0.01)),
  }
}

/** Opens `dir`'s cache.sqlite (the cache bench leaves one) or fills a new one with `tickets`. */
export function overviewBenchOn(
  dir: string,
  tickets: number,
  log: (line: string) => void,
): OverviewBenchReport {
  const path = join(dir, 'cache.sqlite')
  const filled = existsSync(path)
  const { cache } = openCache(path)
  try {
    if (!filled || cache.ticketCount() === 0) {
      log(`filling a cache with ${tickets} tickets for the overview...`)
      ingestCache(cache, tickets)
    }
    log('team overview...')
    return runOverviewBench(cache)
  } finally {
    cache.close()
  }
}

export function printOverview(r: OverviewBenchReport): string[] {
  const line = (s: Summary): string => `p50 ${s.p50} p95 ${s.p95} p99 ${s.p99} max ${s.max} ms`
  return [
    `team overview at ${r.tickets} tickets (every chart, one call): ${line(r.all)}`,
    ...r.cases.map((c) => `  ${c.name}: ${line(c.ms)}`),
    `  beside it on the same cache: countViews ${line(r.countViews)}; the same numbers counted in TypeScript over the rows read ${line(r.plainTs)} (${r.ratioPlainTs}x the overview's p95)`,
  ]
}
