import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCache, type TicketCache } from '../../../src/main/core/db/cache'
import {
  computeOverview,
  rangeDays,
  type OverviewQuery,
} from '../../../src/main/core/insights/overview'
import type { Ticket } from '../../../src/shared/domain/api-schemas'
import { isDone, isOpen } from '../../../src/shared/domain/codes'
import {
  overviewQuestion,
  type OverviewData,
  type OverviewDatum,
} from '../../../src/shared/domain/overview'
import { NOW, sampleTickets, tempDir } from '../db/cache-fixtures'

let tmp: ReturnType<typeof tempDir>
let cache: TicketCache
let tickets = sampleTickets(2000)

beforeEach(() => {
  tickets = sampleTickets(2000)
  tmp = tempDir()
  cache = openCache(`${tmp.dir}/cache.sqlite`).cache
  cache.upsertTickets(tickets, NOW)
})

afterEach(() => {
  cache.close()
  tmp.cleanup()
})

/** The same numbers in plain TypeScript over the same tickets. */
function reference(q: OverviewQuery) {
  const inScope = (t: Ticket): boolean => {
    const h = (t.handler_id as number | null | undefined) ?? null
    if (q.scope.kind === 'everyone') return true
    if (q.scope.kind === 'me') return q.scope.meId !== null && h === q.scope.meId
    return h !== null && q.scope.handlerIds.includes(h)
  }
  const scoped = tickets.filter(inScope)
  const open = scoped.filter((t) => isOpen(t.status))
  const count = <K>(rows: Ticket[], key: (t: Ticket) => K): Map<K, number> => {
    const m = new Map<K, number>()
    for (const t of rows) m.set(key(t), (m.get(key(t)) ?? 0) + 1)
    return m
  }
  const end = `${q.now.slice(0, 10)} 23:59:59`
  const days = rangeDays(q.now, q.days)
  const inRange = (d: string | null | undefined): d is string =>
    typeof d === 'string' && d >= `${days[0]} 00:00:00` && d <= end
  const created = count(
    scoped.filter((t) => inRange(t.created_at)),
    (t) => String(t.created_at).slice(0, 10),
  )
  const resolved = count(
    scoped.filter((t) => isDone(t.status) && inRange(t.updated_at)),
    (t) => String(t.updated_at).slice(0, 10),
  )
  return {
    statusPriority: count(open, (t) => `${t.status ?? null}/${t.priority ?? null}`),
    overdue: open.filter((t) => t.due_at != null && t.due_at < q.now).length,
    dueToday: open.filter((t) => t.due_at != null && t.due_at >= q.now && t.due_at <= end).length,
    handler: count(open, (t) => (t.handler_id as number | null | undefined) ?? null),
    perDay: days.map((day) => ({
      day,
      created: created.get(day) ?? 0,
      resolved: resolved.get(day) ?? 0,
    })),
  }
}

const scopes: OverviewQuery['scope'][] = [
  { kind: 'everyone' },
  { kind: 'me', meId: 4 },
  { kind: 'me', meId: null },
  { kind: 'group', handlerIds: [3, 4, 5] },
]

describe('computeOverview', () => {
  for (const scope of scopes) {
    for (const days of [7, 30, 90] as const) {
      it(`matches a plain count for ${JSON.stringify(scope)} over ${days} days`, () => {
        const q: OverviewQuery = { scope, now: NOW, days }
        const got = computeOverview(cache.connection(), q)
        const want = reference(q)
        expect(
          new Map(got.openByStatusPriority.map((r) => [`${r.status}/${r.priority}`, r.count])),
        ).toEqual(want.statusPriority)
        expect(got.overdue).toBe(want.overdue)
        expect(got.dueToday).toBe(want.dueToday)
        expect(new Map(got.openByHandler.map((r) => [r.handlerId, r.count]))).toEqual(want.handler)
        expect(got.perDay).toEqual(want.perDay)
        expect(got.openByCategory.reduce((n, r) => n + r.count, 0)).toBe(
          [...want.statusPriority.values()].reduce((n, c) => n + c, 0),
        )
      })
    }
  }

  it('has something to show for everyone (the test data is not empty)', () => {
    const got = computeOverview(cache.connection(), {
      scope: { kind: 'everyone' },
      now: NOW,
      days: 30,
    })
    expect(got.overdue).toBeGreaterThan(0)
    expect(got.perDay.some((d) => d.created > 0 && d.resolved > 0)).toBe(true)
    expect(got.perDay).toHaveLength(30)
    expect(got.perDay.at(-1)?.day).toBe('2026-06-01')
  })
})

/** Every bar and slice of an overview, with the count it shows. */
function data(scope: OverviewData['scope'], handlerIds: number[] | null): OverviewData {
  const q: OverviewQuery = {
    scope:
      scope === 'everyone'
        ? { kind: 'everyone' }
        : scope === 'me'
          ? { kind: 'me', meId: handlerIds?.[0] ?? null }
          : { kind: 'group', handlerIds: handlerIds ?? [] },
    now: NOW,
    days: 30,
  }
  return {
    ...computeOverview(cache.connection(), q),
    asOf: NOW,
    scope,
    days: 30,
    handlerIds,
    groupName: null,
  }
}

function datums(d: OverviewData): [OverviewDatum, number][] {
  return [
    ...d.openByStatusPriority.map(
      (r) =>
        [{ chart: 'statusPriority', status: r.status, priority: r.priority }, r.count] as const,
    ),
    [{ chart: 'due', which: 'overdue' }, d.overdue] as const,
    [{ chart: 'due', which: 'dueToday' }, d.dueToday] as const,
    ...d.openByHandler.map((r) => [{ chart: 'handler', handlerId: r.handlerId }, r.count] as const),
    ...d.openByCategory.map(
      (r) => [{ chart: 'category', categoryId: r.categoryId }, r.count] as const,
    ),
    ...d.perDay.flatMap((r) => [
      [{ chart: 'perDay', series: 'created', day: r.day }, r.created] as const,
      [{ chart: 'perDay', series: 'resolved', day: r.day }, r.resolved] as const,
    ]),
  ] as [OverviewDatum, number][]
}

describe('the tallies behind the overview', () => {
  it('follow every change: status, handler, category, dates, and deletions', () => {
    const changed = tickets.slice(0, 600).map((t, i) => ({
      ...t,
      status: (i % 4) as 0 | 1 | 2 | 3,
      // The embedded records name the same ids (the cache reads either).
      handler_id: i % 3 === 0 ? null : (i % 7) + 1,
      handler: null,
      category_id: i % 5 === 0 ? null : t.category_id,
      category: i % 5 === 0 ? null : t.category,
      updated_at: `2026-05-${String(10 + (i % 20)).padStart(2, '0')} 10:00:00`,
    }))
    cache.upsertTickets(changed, NOW)
    cache.deleteTickets(tickets.slice(600, 900).map((t) => t.id))
    tickets = [...changed, ...tickets.slice(900)]
    for (const scope of scopes) {
      const q: OverviewQuery = { scope, now: NOW, days: 30 }
      const got = computeOverview(cache.connection(), q)
      const want = reference(q)
      expect(
        new Map(got.openByStatusPriority.map((r) => [`${r.status}/${r.priority}`, r.count])),
      ).toEqual(want.statusPriority)
      expect(new Map(got.openByHandler.map((r) => [r.handlerId, r.count]))).toEqual(want.handler)
      expect(got.perDay).toEqual(want.perDay)
    }
  })
})

describe('every bar opens the queue on the same tickets', () => {
  const cases: [OverviewData['scope'], number[] | null][] = [
    ['everyone', null],
    ['me', [4]],
    ['group', [3, 4, 5]],
  ]
  for (const [scope, handlerIds] of cases) {
    it(`the queue's total equals each count (${scope})`, () => {
      const d = data(scope, handlerIds)
      const all = datums(d)
      // The data must exercise what is mapped: no category, no handler, both per-day series.
      if (scope === 'everyone') {
        expect(d.openByCategory.some((r) => r.categoryId === null && r.count > 0)).toBe(true)
        expect(d.openByHandler.some((r) => r.handlerId === null && r.count > 0)).toBe(true)
      }
      expect(all.filter(([, n]) => n > 0).length).toBeGreaterThan(20)
      for (const [datum, shown] of all) {
        const question = overviewQuestion(datum, d)
        if (!question) continue
        const { total } = cache.queryTickets(
          { ...question, limit: 1 },
          { meId: handlerIds?.[0] ?? null, now: NOW },
        )
        expect({ datum, total }).toEqual({ datum, total: shown })
      }
    })
  }
})
