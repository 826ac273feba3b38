/** Shared test data and a plain in-JS model of the queue to check the cache against. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Ticket } from '../../../src/shared/domain/api-schemas'
import type { BuiltinView, SortColumn, TicketFilters } from '../../../src/shared/domain/queue'
import { addSeconds } from '../../../src/shared/domain/server-time'
import { generateTickets } from '../../../src/sandbox/seed/generate-tickets'

export const NOW = '2026-06-01 12:00:00'

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cache-test-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Generated tickets plus hand-made edge cases (nulls, English, punctuation, no embeds). */
export function sampleTickets(count: number, seed = 7): Ticket[] {
  const tickets = generateTickets({ count, seed, now: NOW })
  const next = count + 1
  const edge: Ticket[] = [
    {
      id: next,
      subject: 'Refund REQUEST for order #A-100',
      content: 'Customer asks: refund? 50% off…',
      status: 0,
      priority: 3,
      due_at: null,
      handler_id: null,
      created_at: '2026-05-01 10:00:00',
      updated_at: '2026-05-02 10:00:00',
    },
    {
      id: next + 1,
      subject: null,
      content: null,
      status: null,
      priority: null,
      due_at: '2026-05-31 00:00:00',
      created_at: null,
      updated_at: null,
      future_field: { kept: [1, 'two'] },
    },
    {
      id: next + 2,
      subject: '退款 申請（急）',
      content: '客戶：「請盡快退款」。ＡＢＣ full-width Ａ and Ä umlaut ä',
      status: 1,
      priority: 2,
      due_at: '2026-06-02 11:59:59',
      handler_id: 4,
      handler: null,
      created_at: '2026-05-30 08:00:00',
      updated_at: '2026-05-30 09:00:00',
    },
    {
      id: next + 3,
      subject: '理',
      content: '賠',
      status: 2,
      priority: 0,
      due_at: '2026-06-02 12:00:00',
      created_at: '2026-05-30 08:00:00',
      updated_at: '2026-05-30 09:00:00',
      sub_category: { id: 999, name: '自訂', category: { id: 998, name: '自訂主類' } },
    },
    {
      id: next + 4,
      subject: '100% 理賠_查詢 a_b',
      content: 'under_score and percent%sign \\ backslash',
      status: 0,
      priority: 1,
      due_at: '2026-06-02 12:00:01',
      handler_id: 5,
      created_at: '2026-05-29 08:00:00',
      updated_at: '2026-05-29 09:00:00',
    },
  ]
  return [...tickets, ...edge]
}

// ---- the reference model: straightforward JS over the same tickets ----

export interface RefRow {
  id: number
  subject: string | null
  content: string | null
  status: number | null
  priority: number | null
  due_at: string | null
  handler_id: number | null
  creater_id: number | null
  sponsor_id: number | null
  termination_code_id: number | null
  contact_id: number | null
  category_id: number | null
  sub_category_id: number | null
  created_at: string | null
  updated_at: string | null
  category_name: string | null
  sub_category_name: string | null
  contact_name: string | null
  handler_name: string | null
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null)
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

export function refRow(t: Ticket, employeeNames: Map<number, string | null> = new Map()): RefRow {
  const handlerId = num(t.handler_id) ?? num(t.handler?.id)
  return {
    id: t.id,
    subject: str(t.subject),
    content: str(t.content),
    status: num(t.status),
    priority: num(t.priority),
    due_at: str(t.due_at),
    handler_id: handlerId,
    creater_id: num(t.creater?.id),
    sponsor_id: num(t.sponsor_id) ?? num(t.sponsor?.id),
    termination_code_id: num(t.termination_code_id) ?? num(t.termination_code?.id),
    contact_id: num(t.contact_id) ?? num(t.contact?.id),
    category_id:
      num(t.category_id) ??
      num(t.category?.id) ??
      num(t.sub_category?.category_id) ??
      num(t.sub_category?.category?.id),
    sub_category_id: num(t.sub_category_id) ?? num(t.sub_category?.id),
    created_at: str(t.created_at),
    updated_at: str(t.updated_at),
    category_name: str(t.category?.name) ?? str(t.sub_category?.category?.name),
    sub_category_name: str(t.sub_category?.name),
    contact_name: str(t.contact?.name),
    // A missing embedded handler is named from the employees the cache already knows.
    handler_name:
      str(t.handler?.name) ?? (handlerId === null ? null : (employeeNames.get(handlerId) ?? null)),
  }
}

/** Reference rows for tickets written in this order (names of employees seen in earlier ones). */
export function refRows(tickets: readonly Ticket[]): RefRow[] {
  const names = new Map<number, string | null>()
  return tickets.map((t) => {
    const row = refRow(t, names)
    for (const e of [
      t.creater,
      t.handler,
      ...(t.interact_collections ?? []).map((i) => i.handler),
    ]) {
      if (e && !names.has(e.id)) names.set(e.id, str(e.name))
    }
    return row
  })
}

const isOpen = (r: RefRow): boolean => r.status === 0 || r.status === 1

export function refInView(r: RefRow, view: BuiltinView, meId: number | null): boolean {
  const limit = addSeconds(NOW, 86400)
  switch (view) {
    case 'mine':
      return meId !== null && isOpen(r) && r.handler_id === meId
    case 'unassigned':
      return isOpen(r) && r.handler_id === null
    case 'open':
      return isOpen(r)
    case 'due':
      return isOpen(r) && r.due_at !== null && r.due_at <= limit
    case 'done':
      return r.status === 2 || r.status === 3
    case 'all':
      return true
  }
}

const has = (list: number[] | undefined, v: number | null): boolean =>
  !list || list.length === 0 || (v !== null && list.includes(v))

/** Filters other than search. */
export function refMatches(r: RefRow, f: TicketFilters): boolean {
  if (!has(f.statuses, r.status) || !has(f.priorities, r.priority)) return false
  const handlers = f.handlerIds ?? []
  if (handlers.length > 0 || f.unassigned) {
    const ok =
      (r.handler_id !== null && handlers.includes(r.handler_id)) ||
      (!!f.unassigned && r.handler_id === null)
    if (!ok) return false
  }
  if (!has(f.createrIds, r.creater_id) || !has(f.terminationCodeIds, r.termination_code_id))
    return false
  if (f.sponsorId !== undefined && r.sponsor_id !== f.sponsorId) return false
  if (f.contactId !== undefined && r.contact_id !== f.contactId) return false
  if (f.categoryId !== undefined && r.category_id !== f.categoryId) return false
  if (f.subCategoryId !== undefined && r.sub_category_id !== f.subCategoryId) return false
  if (f.dueFrom !== undefined && !(r.due_at !== null && r.due_at >= f.dueFrom)) return false
  if (f.dueTo !== undefined && !(r.due_at !== null && r.due_at <= f.dueTo)) return false
  if (f.createdFrom !== undefined && !(r.created_at !== null && r.created_at >= f.createdFrom))
    return false
  if (f.createdTo !== undefined && !(r.created_at !== null && r.created_at <= f.createdTo))
    return false
  return true
}

type Key = string | number | null

/** SQLite's order: NULL first ascending; text by code point (all test text is in the BMP). */
function cmp(a: Key, b: Key): number {
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  return a < b ? -1 : 1
}

const SORT_KEYS: Record<Exclude<SortColumn, 'default'>, (r: RefRow) => Key[]> = {
  id: (r) => [r.id],
  subject: (r) => [r.subject, r.id],
  status: (r) => [r.status, r.id],
  priority: (r) => [r.priority, r.id],
  due_at: (r) => [r.due_at, r.id],
  category: (r) => [r.category_name, r.sub_category_name, r.id],
  contact: (r) => [r.contact_name, r.id],
  handler: (r) => [r.handler_name, r.id],
  created_at: (r) => [r.created_at, r.id],
  updated_at: (r) => [r.updated_at, r.id],
}

function compareKeys(a: Key[], b: Key[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = cmp(a[i] ?? null, b[i] ?? null)
    if (c !== 0) return c
  }
  return 0
}

/** The default order: due tickets first (earliest due on top), then priority high to low, then newest. */
function compareDefault(a: RefRow, b: RefRow): number {
  const due = (r: RefRow): boolean => refInView(r, 'due', null)
  const da = due(a)
  const dbb = due(b)
  if (da !== dbb) return da ? -1 : 1
  if (da) {
    const c = cmp(a.due_at, b.due_at)
    if (c !== 0) return c
  }
  const p = cmp(b.priority, a.priority)
  if (p !== 0) return p
  return b.id - a.id
}

/** The queue's order; a column's blank (null) values come last in either direction. */
export function refSort(rows: RefRow[], column: SortColumn, direction: 'asc' | 'desc'): RefRow[] {
  const sign = direction === 'asc' ? 1 : -1
  if (column === 'default') return [...rows].sort((a, b) => sign * compareDefault(a, b))
  const keys = SORT_KEYS[column]
  const blank = (r: RefRow): boolean => keys(r)[0] === null
  const compare = (a: RefRow, b: RefRow): number =>
    Number(blank(a)) - Number(blank(b)) || sign * compareKeys(keys(a), keys(b))
  return [...rows].sort(compare)
}
