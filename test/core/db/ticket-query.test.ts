import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCache, type TicketCache } from '../../../src/main/core/db/cache'
import { explainQuery, type Trace } from '../../../src/main/core/db/query-source'
import { queryTickets } from '../../../src/main/core/db/ticket-query'
import { countViews } from '../../../src/main/core/db/view-counts'
import type { Ticket } from '../../../src/shared/domain/api-schemas'
import {
  BUILTIN_VIEWS,
  SORT_COLUMNS,
  type SortColumn,
  type TicketFilters,
  type TicketRow,
  viewSort,
} from '../../../src/shared/domain/queue'
import {
  NOW,
  refInView,
  refMatches,
  refRows,
  refSort,
  sampleTickets,
  tempDir,
  type RefRow,
} from './cache-fixtures'

const ME = 4
const ctx = { meId: ME, now: NOW }

let tmp: ReturnType<typeof tempDir>
let cache: TicketCache
let tickets: Ticket[]
let refs: RefRow[]

beforeAll(() => {
  tmp = tempDir()
  tickets = sampleTickets(3000)
  refs = refRows(tickets)
  cache = openCache(`${tmp.dir}/cache.sqlite`).cache
  const bulk = cache.beginBulk()
  for (let i = 0; i < tickets.length; i += 100) cache.upsertTickets(tickets.slice(i, i + 100), NOW)
  bulk.finish()
  let more = true
  while (more) more = cache.maintenanceStep()
})

afterAll(() => {
  cache.close()
  tmp.cleanup()
})

function expected(view: (typeof BUILTIN_VIEWS)[number], filters: TicketFilters): RefRow[] {
  return refs.filter((r) => refInView(r, view, ME) && refMatches(r, filters))
}

function first<T>(list: T[]): T {
  const item = list[0]
  if (item === undefined) throw new Error('empty sample')
  return item
}

describe('queryTickets', () => {
  it('returns the row columns of each ticket', () => {
    const sample = first(tickets.filter((t) => t.handler && t.contact && t.sub_category))
    const page = cache.queryTickets(
      { filters: { contactId: sample.contact?.id ?? -1 }, limit: 500 },
      ctx,
    )
    const row = page.rows.find((r) => r.id === sample.id)
    const ref = refRows([sample])[0] as RefRow
    expect(row).toEqual<TicketRow>({
      id: sample.id,
      subject: ref.subject,
      status: ref.status,
      priority: ref.priority,
      dueAt: ref.due_at,
      categoryName: ref.category_name,
      subCategoryName: ref.sub_category_name,
      contactId: ref.contact_id,
      contactName: ref.contact_name,
      handlerId: ref.handler_id,
      handlerName: ref.handler_name,
      createdAt: ref.created_at,
      updatedAt: ref.updated_at,
    })
  })

  it('orders every view by every sort column, both directions, like a plain sort', () => {
    for (const view of BUILTIN_VIEWS) {
      const matching = expected(view, {})
      for (const column of SORT_COLUMNS) {
        for (const direction of ['asc', 'desc'] as const) {
          const order = viewSort(view, { column, direction })
          const want = refSort(matching, order.column, order.direction).map((r) => r.id)
          const page = cache.queryTickets({ view, sort: { column, direction }, limit: 500 }, ctx)
          expect(page.total, `${view} ${column} ${direction}`).toBe(want.length)
          expect(
            page.rows.map((r) => r.id),
            `${view} ${column} ${direction}`,
          ).toEqual(want.slice(0, 500))
        }
      }
    }
  })

  it('lists resolved and closed tickets last changed first by default, not urgent first', () => {
    const page = cache.queryTickets({ view: 'done', limit: 50 }, ctx)
    const want = [...expected('done', {})]
      .sort((a, b) => (b.updated_at ?? '').localeCompare(a.updated_at ?? '') || b.id - a.id)
      .slice(0, 50)
    expect(page.rows.map((r) => r.updatedAt)).toEqual(want.map((r) => r.updated_at))
  })

  it('pages deep and across the two parts of the default order', () => {
    const want = refSort(expected('open', {}), 'default', 'asc').map((r) => r.id)
    const dueCount = expected('due', {}).length
    for (const offset of [0, dueCount - 7, dueCount, want.length - 10, want.length + 5]) {
      const start = Math.max(0, offset)
      const page = cache.queryTickets({ view: 'open', offset: start, limit: 20 }, ctx)
      expect(page.rows.map((r) => r.id)).toEqual(want.slice(start, start + 20))
      expect(page.offset).toBe(start)
    }
    const all = refSort(expected('all', {}), 'subject', 'desc').map((r) => r.id)
    const deep = cache.queryTickets(
      { view: 'all', sort: { column: 'subject', direction: 'desc' }, offset: 2500, limit: 50 },
      ctx,
    )
    expect(deep.rows.map((r) => r.id)).toEqual(all.slice(2500, 2550))
  })

  it('applies every filter, alone and combined, inclusive ranges', () => {
    const t = first(
      tickets.filter((x) => x.handler_id && x.contact_id && x.sub_category && x.due_at),
    )
    const r = refRows([t])[0] as RefRow
    const filterSets: TicketFilters[] = [
      { statuses: [0] },
      { statuses: [1, 3] },
      { statuses: [] },
      { priorities: [3] },
      { priorities: [0, 2] },
      { handlerIds: [r.handler_id as number] },
      { handlerIds: [r.handler_id as number, 5], unassigned: true },
      { unassigned: true },
      { createrIds: [r.creater_id as number] },
      { sponsorId: r.sponsor_id as number },
      { terminationCodeIds: [r.termination_code_id as number, 3] },
      { contactId: r.contact_id as number },
      { categoryId: r.category_id as number },
      { subCategoryId: r.sub_category_id as number },
      { dueFrom: r.due_at as string },
      { dueTo: r.due_at as string },
      { dueFrom: r.due_at as string, dueTo: r.due_at as string },
      { createdFrom: r.created_at as string, createdTo: '2026-06-01 00:00:00' },
      { statuses: [0, 1], priorities: [2, 3], createdFrom: '2026-01-01 00:00:00' },
      { statuses: [0, 1], handlerIds: [ME], categoryId: r.category_id as number },
      { sponsorId: 123456 },
    ]
    for (const filters of filterSets) {
      for (const view of ['all', 'open', 'mine'] as const) {
        const want = refSort(expected(view, filters), 'updated_at', 'desc').map((x) => x.id)
        const page = cache.queryTickets(
          { view, filters, sort: { column: 'updated_at', direction: 'desc' }, limit: 100 },
          ctx,
        )
        const label = `${view} ${JSON.stringify(filters)}`
        expect(page.total, label).toBe(want.length)
        expect(
          page.rows.map((x) => x.id),
          label,
        ).toEqual(want.slice(0, 100))
      }
    }
    expect(
      cache
        .queryTickets({ filters: { dueFrom: r.due_at as string, dueTo: r.due_at as string } }, ctx)
        .rows.map((x) => x.id),
    ).toContain(t.id)
  })

  it('has an empty mine view when the agent is unknown', () => {
    expect(cache.queryTickets({ view: 'mine' }, { meId: null, now: NOW }).total).toBe(0)
    expect(cache.countViews({}, { meId: null, now: NOW }).mine).toBe(0)
  })
})

describe('countViews', () => {
  it('counts every built-in view like the plain model, with and without filters', () => {
    const filterSets: TicketFilters[] = [
      {},
      { priorities: [3] },
      { statuses: [2] },
      { unassigned: true },
      { search: '退款' },
      { search: '保費', priorities: [1, 2] },
      { search: '說' },
    ]
    const searchIds = (term: string): Set<number> =>
      new Set(
        refs
          .filter((r) => (r.subject ?? '').includes(term) || (r.content ?? '').includes(term))
          .map((r) => r.id),
      )
    for (const filters of filterSets) {
      const found = filters.search ? searchIds(filters.search) : null
      const counts = cache.countViews(filters, ctx)
      for (const view of BUILTIN_VIEWS) {
        const want = expected(view, filters).filter((r) => !found || found.has(r.id)).length
        expect(counts[view], `${view} ${JSON.stringify(filters)}`).toBe(want)
        expect(cache.queryTickets({ view, filters, limit: 1 }, ctx).total).toBe(want)
      }
    }
  })
})

describe('query plans', () => {
  const plans = (run: (trace: Trace) => void): string[] =>
    explainQuery(cache.connection(), run).map((p) => p.plan)
  /** The total's plan and the first page statement's (a sort with blanks also counts them). */
  const totalAndPage = (run: (trace: Trace) => void): [string, string] => {
    const found = explainQuery(cache.connection(), run)
    const page = found.find((p) => /\bLIMIT\b/.test(p.sql))
    return [found[0]?.plan ?? '', page?.plan ?? '']
  }

  const SORT_INDEX: Record<Exclude<SortColumn, 'default'>, string> = {
    id: 'tickets',
    subject: 'tickets_by_subject',
    status: 'tickets_by_status',
    priority: 'tickets_by_priority',
    due_at: 'tickets_by_due',
    category: 'tickets_by_category',
    contact: 'tickets_by_contact',
    handler: 'tickets_by_handler',
    created_at: 'tickets_by_created',
    updated_at: 'tickets_by_updated',
  }

  it("pages the large views by walking the sort column's index, never sorting the view", () => {
    const db = cache.connection()
    for (const view of ['open', 'done', 'all'] as const) {
      for (const column of SORT_COLUMNS) {
        if (column === 'default' || column === 'id') continue
        const [, page] = totalAndPage((trace) =>
          queryTickets(db, { view, sort: { column, direction: 'desc' }, offset: 500 }, ctx, trace),
        )
        expect(page, `${view} ${column}`).toContain(`INDEX ${SORT_INDEX[column]}`)
        expect(page, `${view} ${column}`).not.toMatch(/TEMP B-TREE FOR ORDER BY/)
      }
    }
  })

  it('pages a status filter that keeps many rows by walking the sort index, not sorting', () => {
    const db = cache.connection()
    for (const column of ['updated_at', 'subject', 'priority'] as const) {
      const found = plans((trace) =>
        queryTickets(
          db,
          { view: 'all', filters: { statuses: [0, 1] }, sort: { column, direction: 'desc' } },
          ctx,
          trace,
        ),
      )
      const page = found.at(-1) ?? ''
      expect(page, column).toContain(`INDEX ${SORT_INDEX[column]}`)
      expect(page, column).not.toMatch(/TEMP B-TREE FOR ORDER BY/)
    }
  })

  it('skips the due part of the default order for resolved and closed tickets', () => {
    const found = plans((trace) =>
      queryTickets(cache.connection(), { view: 'all', filters: { statuses: [2, 3] } }, ctx, trace),
    )
    // The total and one page: no count of "due" tickets, which cannot be resolved or closed.
    expect(found).toHaveLength(2)
    expect(found.some((plan) => plan.includes('tickets_by_due'))).toBe(false)
  })

  it('walks the due index, then the priority index, for the default order', () => {
    const [, dueCount, duePage, restPage] = plans((trace) =>
      queryTickets(cache.connection(), { view: 'open', offset: 0, limit: 5000 }, ctx, trace),
    )
    expect(dueCount).toMatch(/COVERING INDEX tickets_by_due \(due_at<\?\)/)
    expect(duePage).toMatch(/INDEX tickets_by_due \(due_at<\?\)/)
    expect(duePage).not.toMatch(/TEMP B-TREE FOR ORDER BY/)
    expect(restPage).toMatch(/INDEX tickets_by_priority/)
    expect(restPage).not.toMatch(/TEMP B-TREE/)
  })

  it('counts views from covering indexes, never the table', () => {
    const counts = plans((trace) => countViews(cache.connection(), {}, ctx, trace))
    expect(counts).toHaveLength(6)
    for (const plan of counts) expect(plan).toMatch(/^(SCAN|SEARCH) tickets USING COVERING INDEX/)
    const [filtered, ...more] = plans((trace) =>
      countViews(cache.connection(), { priorities: [3] }, ctx, trace),
    )
    expect(more).toHaveLength(0)
    expect(filtered).toMatch(/COVERING INDEX/)
  })

  it("finds a contact's tickets by index", () => {
    const [total, page] = totalAndPage((trace) =>
      queryTickets(
        cache.connection(),
        { filters: { contactId: 1 }, sort: { column: 'created_at', direction: 'desc' } },
        ctx,
        trace,
      ),
    )
    expect(total).toMatch(/INDEX tickets_contact \(contact_id=\?\)/)
    expect(page).toMatch(/INDEX tickets_contact \(contact_id=\?\)/)
  })

  it('reads a few search matches by rowid, and filters many by a sort-index walk', () => {
    const sort = { column: 'updated_at', direction: 'desc' } as const
    const few = totalAndPage((trace) =>
      queryTickets(cache.connection(), { filters: { search: '退款申請' }, sort }, ctx, trace),
    )
    expect(few[1]).toMatch(/VIRTUAL TABLE INDEX/)
    expect(few[1]).toMatch(/SEARCH tickets USING INTEGER PRIMARY KEY/)
    // A single common character matches more than FTS_FIRST_MAX of the 3000 tickets.
    const many = totalAndPage((trace) =>
      queryTickets(cache.connection(), { filters: { search: '客' }, sort }, ctx, trace),
    )
    // SEARCH: the walk starts past the blank updated_at values (a range of the same index).
    expect(many[1]).toMatch(
      /(SCAN tickets USING (COVERING )?INDEX tickets_by_updated|SEARCH tickets USING (COVERING )?INDEX tickets_by_updated \(updated_at>\?\))/,
    )
    expect(many[1]).not.toMatch(/TEMP B-TREE FOR ORDER BY/)
  })
})
