/**
 * One ticket as an export row: each column's value as the agent reads it on screen (codes as
 * their labels, dates exactly as the API sends them, people and categories by name) and national
 * id numbers masked, in their own column and wherever one was typed into free text, unless the
 * agent asked for them.
 */
import { EXPORT_COLUMNS, type ExportColumn } from '../../../shared/contract/export-contract'
import type { TicketTexts } from '../../../shared/contract/ticket-texts'
import type { Ticket } from '../../../shared/domain/api-schemas'
import {
  isPriority,
  isTicketStatus,
  PRIORITY_KEYS,
  STATUS_KEYS,
} from '../../../shared/domain/codes'
import { maskNationalId, maskNationalIdsInText } from '../../../shared/domain/personal-data'
import type { TicketRow } from '../../../shared/domain/queue'
import type { TicketEmbed } from '../db/cache-interfaces'

/** The embedded objects the columns read from a ticket (creater, status detail, sponsor, contact). */
export const EXPORT_EMBEDS: readonly TicketEmbed[] = [
  'creater',
  'termination_code',
  'sponsor',
  'contact',
]

/** A cell: a ticket id stays a number (a spreadsheet sorts it so), everything else is text. */
export type Cell = string | number

/** The columns read from the whole ticket rather than the queue's row: `creater` and after. */
const TICKET_COLUMNS: ReadonlySet<ExportColumn> = new Set(
  EXPORT_COLUMNS.slice(EXPORT_COLUMNS.indexOf('creater')),
)

/** Whether these columns need each row's whole ticket (read one by one: slower). */
export function needsTicket(columns: readonly ExportColumn[]): boolean {
  return columns.some((c) => TICKET_COLUMNS.has(c))
}

export interface CellOptions {
  texts: TicketTexts
  includeNationalIds: boolean
}

/** The values of one row, in the order of `columns`. */
export function rowCells(
  columns: readonly ExportColumn[],
  row: TicketRow,
  ticket: Ticket | null,
  options: CellOptions,
): Cell[] {
  const { texts, includeNationalIds } = options
  const text = (value: string | null | undefined): string =>
    !value ? '' : includeNationalIds ? value : maskNationalIdsInText(value)
  const cell = (column: ExportColumn): Cell => {
    switch (column) {
      case 'id':
        // A ticket created here and not sent yet has no server number.
        return row.outboxId ? '' : row.id
      case 'subject':
        return text(row.subject)
      case 'status':
        return row.status === null
          ? ''
          : texts.status[isTicketStatus(row.status) ? STATUS_KEYS[row.status] : 'unknown']
      case 'priority':
        return row.priority === null
          ? ''
          : texts.priority[isPriority(row.priority) ? PRIORITY_KEYS[row.priority] : 'unknown']
      case 'due_at':
        return row.dueAt ?? ''
      case 'category':
        return row.categoryName ?? ''
      case 'sub_category':
        return row.subCategoryName ?? ''
      case 'contact':
        return text(row.contactName)
      case 'handler':
        return row.handlerName ?? ''
      case 'updated_at':
        return row.updatedAt ?? ''
      case 'created_at':
        return row.createdAt ?? ''
      case 'creater':
        return ticket?.creater?.name ?? ''
      case 'termination_code':
        return ticket?.termination_code?.name ?? ''
      case 'status_memo':
        return text(ticket?.status_memo)
      case 'content':
        return text(ticket?.content)
      case 'sponsor':
        return ticket?.sponsor?.name ?? ''
      case 'membership_no':
        return ticket?.contact?.membership_no ?? ''
      case 'identity_no': {
        const id = ticket?.contact?.identity_no
        return !id ? '' : includeNationalIds ? id : maskNationalId(id)
      }
    }
  }
  return columns.map(cell)
}
