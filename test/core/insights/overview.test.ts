import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCache, type TicketCache } from '../../../src/main/core/db/cache'
import {
  computeOverview,
  rangeDays,
  type OverviewQuery,
} from '../../../src/main/core/insights/overview'
import type { Ticket } from '../../../src/shared/domain/api-schemas'
import { isDone, isOpen } from '../../../src/shared/domain/codes'
import { NOW, sampleTickets, tempDir } from '../db/cache-fixtures'

let tmp: ReturnType<typeof tempDir>
let cache: TicketCache
const tickets = sampleTickets(2000)

beforeEach(() => {
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
