/** Ticket codes as the vendor API defines them (the document's 通用資料 section; its examples are in test/fixtures/api-examples). */

export const TICKET_STATUSES = [0, 1, 2, 3] as const
export type TicketStatus = (typeof TICKET_STATUSES)[number]

/** Status code to its locale key suffix: 待處理, 處理中, 已解決, 已關閉. */
export const STATUS_KEYS: Record<TicketStatus, 'pending' | 'inProgress' | 'resolved' | 'closed'> = {
  0: 'pending',
  1: 'inProgress',
  2: 'resolved',
  3: 'closed',
}

/** Statuses that still need work: pending, in progress. */
export const OPEN_STATUSES: readonly TicketStatus[] = [0, 1]
/** Statuses that need no more work: resolved, closed. */
export const DONE_STATUSES: readonly TicketStatus[] = [2, 3]

/** Whether a ticket with this status still needs work (an unknown or missing status does not). */
export function isOpen(status: number | null | undefined): boolean {
  return (OPEN_STATUSES as readonly (number | null | undefined)[]).includes(status)
}

/** Whether a ticket with this status is resolved or closed. */
export function isDone(status: number | null | undefined): boolean {
  return (DONE_STATUSES as readonly (number | null | undefined)[]).includes(status)
}

export const PRIORITIES = [0, 1, 2, 3] as const
export type Priority = (typeof PRIORITIES)[number]

/** Priority code to its locale key suffix: 低, 中, 高, 緊急. */
export const PRIORITY_KEYS: Record<Priority, 'low' | 'medium' | 'high' | 'urgent'> = {
  0: 'low',
  1: 'medium',
  2: 'high',
  3: 'urgent',
}

export function isTicketStatus(value: unknown): value is TicketStatus {
  return typeof value === 'number' && (TICKET_STATUSES as readonly number[]).includes(value)
}

export function isPriority(value: unknown): value is Priority {
  return typeof value === 'number' && (PRIORITIES as readonly number[]).includes(value)
}
