/** The read-only commands: tickets, ticket, categories, status. They work without the network. */
import { isTicketStatus } from '../../shared/domain/codes'
import { AppError } from '../../shared/domain/errors'
import { maskPersonalFields } from '../../shared/domain/personal-data'
import type { TicketFilters } from '../../shared/domain/queue'
import { serverNow } from '../../shared/domain/server-time'
import { UsageError } from '../cli-error'
import { openCacheForCli } from '../open-cache-for-cli'
import { tiersOf, type TicketCache } from '../../main/core'

/** Exit code of a read on a cache that never completed a sync (its answer means nothing). */
export const NEVER_SYNCED_EXIT = 3
const MAX_LIMIT = 1000

function ago(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000))
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.round(minutes / 60)
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`
}

/**
 * Says on stderr how old the cache is; a cache that never completed a sync (new, just rebuilt,
 * or only ever interrupted) is an error: the read still prints what there is, and exits non-zero.
 */
function reportAge(cache: TicketCache): boolean {
  const last = cache.getState<string>('lastSyncAt')
  if (typeof last === 'string') {
    process.stderr.write(`cache as of ${last} (${ago(last)})\n`)
    return true
  }
  process.stderr.write(
    `error: this cache has never completed a sync (${cache.ticketCount()} tickets cached); ` +
      'run `sync` first\n',
  )
  process.exitCode = NEVER_SYNCED_EXIT
  return false
}

export const TICKETS_HELP = `Usage: npm run cli -- tickets --db FILE --json [--search TEXT] [--status 0,1] [--handler ID] [--contact ID] [--limit N] [--offset N] [--reveal]

Prints cached tickets, newest first, as a JSON array in the API's own ticket shape.
National id numbers (identity_no, and any typed into subject, content or memos) are masked (A123****89) unless --reveal is given.
  --search   the queue's search: every word (separated by spaces, half- or full-width) in the
             subject, content, contact's name (with or without the space) or membership number,
             or the contact's national id in full; a ticket id (3450, #3450) comes first
  --status   comma-separated status codes (0 pending, 1 in progress, 2 resolved, 3 closed)
  --handler  employee id of the handler
  --contact  contact id: that caller's tickets
  --limit    at most N tickets (default 50, at most 1000: more is cut to 1000, said on stderr);
             --offset skips N
stderr says how old the cache is; a cache that never completed a sync exits with code 3.
`
export const TICKET_HELP = `Usage: npm run cli -- ticket ID --db FILE --json [--reveal]

Prints one cached ticket as the server sent it, national id numbers masked unless --reveal.
stderr says how old the cache is; a cache that never completed a sync exits with code 3.
`
export const CATEGORIES_HELP = `Usage: npm run cli -- categories --db FILE --json

Prints the cached categories with their sub-categories.
`
export const STATUS_HELP = `Usage: npm run cli -- status --db FILE --json

Prints the cache's counts, last sync time, each tier's last successful sync (server time:
tiers.mine / tiers.hot / tiers.all, with stale when past its promise) and schema version.
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
  const limit = int(args.limit, '--limit', 50, Number.MAX_SAFE_INTEGER)
  if (limit > MAX_LIMIT)
    process.stderr.write(
      `warning: --limit ${limit} is above the maximum of ${MAX_LIMIT}; printing at most ` +
        `${MAX_LIMIT} (use --offset for the next ones)\n`,
    )
  const cache = openCacheForCli(args.db)
  try {
    reportAge(cache)
    const page = cache.queryTickets(
      {
        view: 'all',
        filters,
        sort: { column: 'created_at', direction: 'desc' },
        offset: int(args.offset, '--offset', 0, Number.MAX_SAFE_INTEGER),
        limit: Math.min(limit, MAX_LIMIT),
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
    const synced = reportAge(cache)
    const hit = cache.getTicket(Number(args.id))
    if (!hit && !synced) return // said above; the exit code says it too
    if (!hit && cache.isDamagedTicket(Number(args.id)))
      throw new AppError({
        code: 'damaged_record',
        message: `the stored copy of ticket ${args.id} is damaged and was set aside; it will be fetched again`,
      })
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
    // Staleness against Taipei's now: the CLI has no settings; the times are the server's own.
    print({
      ...stats,
      lastSyncAt: stats.lastSyncAt ?? null,
      tiers: tiersOf(cache, serverNow(), false),
    })
  } finally {
    cache.close()
  }
}
