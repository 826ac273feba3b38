/** The read-only commands: tickets, ticket, categories, status. They work without the network. */
import { isTicketStatus } from '../../shared/domain/codes'
import { AppError } from '../../shared/domain/errors'
import { maskPersonalFields } from '../../shared/domain/personal-data'
import type { TicketFilters } from '../../shared/domain/queue'
import { UsageError } from '../cli-error'
import { openCacheForCli } from '../open-cache-for-cli'

export const TICKETS_HELP = `Usage: npm run cli -- tickets --db FILE --json [--search TEXT] [--status 0,1] [--handler ID] [--contact ID] [--limit N] [--offset N] [--reveal]

Prints cached tickets, newest first, as a JSON array in the API's own ticket shape.
National id numbers (identity_no) are masked (A123****89) unless --reveal is given.
  --search   the queue's search: every word (separated by spaces, half- or full-width) in the
             subject, content, contact's name (with or without the space) or membership number,
             or the contact's national id in full; a ticket id (3450, #3450) comes first
  --status   comma-separated status codes (0 pending, 1 in progress, 2 resolved, 3 closed)
  --handler  employee id of the handler
  --contact  contact id: that caller's tickets
  --limit    at most N tickets (default 50, at most 1000); --offset skips N
`
export const TICKET_HELP = `Usage: npm run cli -- ticket ID --db FILE --json [--reveal]

Prints one cached ticket as the server sent it, national id numbers masked unless --reveal.
`
export const CATEGORIES_HELP = `Usage: npm run cli -- categories --db FILE --json

Prints the cached categories with their sub-categories.
`
export const STATUS_HELP = `Usage: npm run cli -- status --db FILE --json

Prints the cache's counts, last sync time and schema version.
`

function intList(value: string | undefined, name: string): number[] | undefined {
  if (value === undefined) return undefined
  const items = value.split(',').map((v) => v.trim())
  if (items.some((v) => !/^\d+$/.test(v)))
    throw new UsageError(`${name} takes comma-separated numbers`)
  return items.map(Number)
}

function int(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} takes a whole number`)
  return Math.min(Number(value), max)
}

function print(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n')
}

/** Tickets leave the tool with national ids masked, unless the operator asked for them. */
function printTickets(value: unknown, reveal: boolean | undefined): void {
  print(reveal ? value : maskPersonalFields(value))
}

export function ticketsCommand(args: {
  db?: string
  search?: string
  status?: string
  handler?: string
  contact?: string
  limit?: string
  offset?: string
  reveal?: boolean
}): void {
  const statuses = intList(args.status, '--status')
  if (statuses && !statuses.every(isTicketStatus)) {
    throw new UsageError('--status codes are 0 to 3')
  }
  const handler = intList(args.handler, '--handler')
  const filters: TicketFilters = {}
  if (args.search) filters.search = args.search
  if (statuses) filters.statuses = statuses
  if (handler) filters.handlerIds = handler
  const contact = intList(args.contact, '--contact')
  if (contact && contact.length !== 1) throw new UsageError('--contact takes one contact id')
  if (contact) filters.contactId = contact[0]
  const cache = openCacheForCli(args.db)
  try {
    const page = cache.queryTickets(
      {
        view: 'all',
        filters,
        sort: { column: 'created_at', direction: 'desc' },
        offset: int(args.offset, '--offset', 0, Number.MAX_SAFE_INTEGER),
        limit: int(args.limit, '--limit', 50, 1000),
      },
      { meId: null, now: '1970-01-01 00:00:00' },
    )
    printTickets(
      page.rows.map((row) => cache.getTicket(row.id)?.ticket).filter(Boolean),
      args.reveal,
    )
  } finally {
    cache.close()
  }
}

export function ticketCommand(args: { id?: string; db?: string; reveal?: boolean }): void {
  if (!args.id || !/^\d+$/.test(args.id)) throw new UsageError('ticket takes a numeric ID')
  const cache = openCacheForCli(args.db)
  try {
    const hit = cache.getTicket(Number(args.id))
    if (!hit)
      throw new AppError({ code: 'not_found', message: `ticket ${args.id} is not in the cache` })
    printTickets(hit.ticket, args.reveal)
  } finally {
    cache.close()
  }
}

export function categoriesCommand(args: { db?: string }): void {
  const cache = openCacheForCli(args.db)
  try {
    print(cache.getLookups().categories)
  } finally {
    cache.close()
  }
}

export function statusCommand(args: { db?: string }): void {
  const cache = openCacheForCli(args.db)
  try {
    const stats = cache.stats()
    print({ ...stats, lastSyncAt: stats.lastSyncAt ?? null })
  } finally {
    cache.close()
  }
}
