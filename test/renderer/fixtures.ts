/** Small lookups and tickets shaped like the sandbox's, for component tests. */
import type { Alert, DraftListed, Lookups, Settings } from '../../src/shared/contract/contract'
import type { Ticket } from '../../src/shared/domain/api-schemas'
import type { Draft, OutboxEntry } from '../../src/shared/domain/outbox'
import type { TicketRow } from '../../src/shared/domain/queue'

export const LOOKUPS: Lookups = {
  categories: [
    {
      id: 1,
      name: '帳務',
      children: [
        { id: 11, name: '退款' },
        { id: 12, name: '帳單' },
      ],
    },
    { id: 2, name: '技術', children: [{ id: 21, name: '登入' }] },
  ],
  terminationCodes: [
    { id: 100, name: '等待客戶回覆', status: 0 },
    { id: 101, name: '已轉二線', status: 1 },
    { id: 102, name: '處理中待料', status: 1 },
    { id: 103, name: '已退款', status: 2 },
    { id: 104, name: '重複案件', status: 3 },
  ],
  sponsors: [{ id: 5, name: '甲公司' }],
  employees: [
    { id: 7, name: '王小明', employeeNo: 'E007', groupName: '一線' },
    { id: 8, name: '陳美玲', employeeNo: 'E008', groupName: '二線' },
  ],
}

export function ticket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 42,
    subject: '申請退款',
    content: '客戶要求退款\n第二行',
    status: 1,
    priority: 2,
    termination_code_id: 101,
    sub_category_id: 11,
    category_id: 1,
    handler_id: 7,
    handler: { id: 7, name: '王小明', employee_no: 'E007' },
    sponsor_id: 5,
    due_at: '2030-01-02 10:00:00',
    status_memo: null,
    contact_id: 9,
    contact: { id: 9, name: '林大華', identity_no: 'A123456789', membership_no: 'M001', gender: 1 },
    created_at: '2029-12-30 09:00:00',
    updated_at: '2029-12-31 09:00:00',
    ...overrides,
  }
}

/** Connected, as employee 7 (王小明), in Chinese. */
export const SETTINGS: Settings = {
  apiUrl: 'http://x',
  allowInsecureApi: false,
  hasToken: false,
  me: { id: 7, name: '王小明', employeeNo: 'E007' },
  syncIntervalSec: 300,
  language: 'zh-TW',
  theme: 'light',
  serverTimeZone: 'Asia/Taipei',
}

export const ONLINE = { state: 'online' as const, lastSyncAt: null, progress: null, error: null }

/** A queue row of an open ticket of mine (employee 7). */
export function queueRow(id: number, overrides: Partial<TicketRow> = {}): TicketRow {
  return {
    id,
    subject: `工單 ${id}`,
    status: 0,
    priority: 1,
    dueAt: null,
    categoryName: null,
    subCategoryName: null,
    contactId: 9,
    contactName: '林大華',
    handlerId: 7,
    handlerName: '王小明',
    createdAt: '2029-01-01 00:00:00',
    updatedAt: '2029-01-02 00:00:00',
    ...overrides,
  }
}

/** An alert on ticket `ticketId` (subject 工單 N) of the given kind, raised at a fixed time. */
export function alertOf(
  ticketId: number,
  kind: Alert['kind'] = 'assigned',
  dueAt: string | null = null,
): Alert {
  return {
    key: `${kind}:${ticketId}:2026-12-01 10:00:00`,
    kind,
    ticketId,
    subject: `工單 ${ticketId}`,
    priority: 3,
    dueAt,
    raisedAt: '2026-12-01T02:00:00.000Z',
  }
}

/** A waiting edit of ticket 42, as the outbox lists it. */
export function outboxEntry(over: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    id: 3,
    kind: 'update',
    ticketId: 42,
    changes: {},
    base: null,
    state: 'pending',
    attempts: 1,
    lastError: null,
    conflict: null,
    createdAt: '2030-01-01T00:00:00.000Z',
    updatedAt: '2030-01-01T00:00:00.000Z',
    ...over,
  }
}

/** A kept draft as `drafts:list` lists it: of ticket 42's form unless `draft` says otherwise. */
export function listedDraft(
  draft: Partial<Draft> = {},
  over: Partial<Omit<DraftListed, 'draft'>> = {},
): DraftListed {
  return {
    draft: {
      key: 'ticket:42',
      values: { content: '客戶說明天再來電' },
      baseUpdatedAt: '2030-01-01 08:00:00',
      baseValues: { content: '原本的說明' },
      updatedAt: '2030-01-01T02:03:00.000Z',
      ...draft,
    },
    ticketSubject: '退款申請',
    ticketGone: false,
    contact: null,
    ...over,
  }
}
