/**
 * What the services need of the cache (the db module's TicketCache provides it). Kept as a port
 * so the handlers read as what they do, not how the cache stores it.
 */
import type { EmployeeSummary, Lookups } from '../../../shared/contract/contract'
import type { Contact, Employee, Ticket } from '../../../shared/domain/api-schemas'
import type {
  TicketFilters,
  TicketPage,
  TicketQuery,
  ViewCounts,
} from '../../../shared/domain/queue'
import type { SyncCache } from '../sync/ports'

export interface QueryContext {
  meId: number | null
  /** Now as server wall-clock time. */
  now: string
}

export interface CachePort extends Omit<SyncCache, 'ticketIdsFor'> {
  getTicket(id: number): { ticket: Ticket; syncedAt: string | null } | null
  queryTickets(query: TicketQuery, ctx: QueryContext): TicketPage
  countViews(filters: TicketFilters, ctx: QueryContext): ViewCounts
  getLookups(): Lookups
  searchEmployees(search: string, limit: number): EmployeeSummary[]
  getEmployee(id: number): Employee | null
  searchContacts(search: string, limit: number): Contact[]
  close(): void
}
