/**
 * Every filter of GET /ticket, alone and combined, through the client against the real sandbox:
 * each answer must be exactly the tickets a plain filter over all of them selects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ticket } from '../../../src/shared/domain/api-schemas'
import {
  createVendorClient,
  fetchAll,
  type VendorClient,
  type TicketSearchParams,
} from '../../../src/main/core/api'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'

let sandbox: TestSandbox
let api: VendorClient
let all: Ticket[]

beforeAll(async () => {
  sandbox = await startTestSandbox({ tickets: 400, seed: 7, perPageCap: 100 })
  api = createVendorClient({ baseUrl: sandbox.apiBase })
  all = await fetchAll((page) => api.searchTickets({ page, per_page: 100 }))
})
afterAll(() => sandbox.close())

function expected(params: TicketSearchParams): number[] {
  const inList = (list: number[] | undefined, value: number | null | undefined): boolean =>
    !list || list.length === 0 || (value !== null && value !== undefined && list.includes(value))
  const needle = params.search?.toLowerCase()
  return all
    .filter((t) => inList(params.statuses, t.status))
    .filter((t) => inList(params.handler_ids, t.handler_id))
    .filter((t) => inList(params.creater_ids, t.creater?.id))
    .filter((t) => inList(params.termination_code_ids, t.termination_code_id))
    .filter((t) => params.contact_id === undefined || t.contact_id === params.contact_id)
    .filter((t) => params.sponsor_id === undefined || t.sponsor_id === params.sponsor_id)
    .filter((t) => !params.due_at__start || (!!t.due_at && t.due_at >= params.due_at__start))
    .filter((t) => !params.due_at__end || (!!t.due_at && t.due_at <= params.due_at__end))
    .filter((t) => !params.created_at__start || t.created_at! >= params.created_at__start)
    .filter((t) => !params.created_at__end || t.created_at! <= params.created_at__end)
    .filter(
      (t) =>
        !needle ||
        t.subject!.toLowerCase().includes(needle) ||
        t.content!.toLowerCase().includes(needle),
    )
    .map((t) => t.id)
}

async function actual(params: TicketSearchParams): Promise<number[]> {
  const found = await fetchAll((page) => api.searchTickets({ ...params, page, per_page: 50 }))
  return found.map((t) => t.id)
}

/** A value that occurs in the data, so every filter selects something. */
function sample<T>(pick: (t: Ticket) => T | null | undefined, nth = 0): T {
  const values = all.map(pick).filter((v): v is T => v !== null && v !== undefined)
  const value = values[nth % values.length]
  if (value === undefined) throw new Error('no sample value')
  return value
}

describe('searchTickets filters', () => {
  it('lists every ticket newest id first, each in the full listing shape', async () => {
    const stored = (await sandbox.control.listTickets()).map((t) => t.id)
    expect(stored.length).toBe(400)
    const ids = all.map((t) => t.id)
    expect(ids).toEqual([...stored].reverse())
    expect(all[0]).toHaveProperty('creater')
    expect(all[0]).toHaveProperty('interact_collections')
  })

  const createdMid = (): string => all[200]!.created_at!
  const createdLate = (): string => all[50]!.created_at!
  const dueValues = (): string[] =>
    all
      .map((t) => t.due_at)
      .filter((d): d is string => !!d)
      .sort()

  const cases: [string, () => TicketSearchParams][] = [
    ['statuses (one)', () => ({ statuses: [0] })],
    ['statuses (several)', () => ({ statuses: [1, 3] })],
    ['handler_ids', () => ({ handler_ids: [sample((t) => t.handler_id), 6] })],
    ['creater_ids', () => ({ creater_ids: [sample((t) => t.creater?.id), 7] })],
    ['termination_code_ids', () => ({ termination_code_ids: [5, 8] })],
    ['contact_id', () => ({ contact_id: sample((t) => t.contact_id, 3) })],
    ['sponsor_id', () => ({ sponsor_id: 2 })],
    ['search (Chinese, 2 characters)', () => ({ search: '理賠' })],
    ['search (English, any case)', () => ({ search: 'CUSTOMER' })],
    ['search (in content only)', () => ({ search: '垃圾郵件' })],
    [
      'created_at range',
      () => ({ created_at__start: createdMid(), created_at__end: createdLate() }),
    ],
    ['created_at start only', () => ({ created_at__start: createdLate() })],
    ['created_at end only', () => ({ created_at__end: createdMid() })],
    [
      'due_at range',
      () => ({
        due_at__start: dueValues()[10]!,
        due_at__end: dueValues()[dueValues().length - 10]!,
      }),
    ],
    ['due_at end only (overdue-like)', () => ({ due_at__end: dueValues()[40]! })],
    [
      'combined: statuses + handlers + created range',
      () => ({
        statuses: [0, 1],
        handler_ids: [2, 6, 7, sample((t) => t.handler_id, 5)],
        created_at__start: all[350]!.created_at!,
        created_at__end: createdLate(),
      }),
    ],
    [
      'combined: search + sponsor + statuses',
      () => ({ search: '配送', sponsor_id: 1, statuses: [0, 1, 2] }),
    ],
    [
      'combined: due range + creater + codes',
      () => ({
        due_at__start: dueValues()[0]!,
        due_at__end: dueValues()[dueValues().length - 1]!,
        creater_ids: [sample((t) => t.creater?.id, 2), sample((t) => t.creater?.id, 9)],
        termination_code_ids: [1, 2, 3, 4, 5, 6, 7, 8],
      }),
    ],
  ]

  it.each(cases)('%s', async (_name, make) => {
    const params = make()
    const want = expected(params)
    expect(want.length).toBeGreaterThan(0)
    expect(want.length).toBeLessThan(all.length)
    expect(await actual(params)).toEqual(want)
  })

  it('treats the date range as inclusive at both ends', async () => {
    const t = all[100]!
    const ids = await actual({ created_at__start: t.created_at!, created_at__end: t.created_at! })
    expect(ids).toContain(t.id)
  })

  it('answers an unmatched filter with an empty page whose from/to are null', async () => {
    const page = await api.searchTickets({ search: '沒有這種工單 zzqq' })
    expect(page.data).toEqual([])
    expect(page.meta).toMatchObject({ total: 0, from: null, to: null, last_page: 1 })
  })

  it('treats an empty array filter as no filter', async () => {
    const page = await api.searchTickets({ statuses: [], per_page: 1 })
    expect(page.meta.total).toBe(all.length)
  })
})
