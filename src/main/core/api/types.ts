/** The API client's public types. */
import type {
  Category,
  Employee,
  Page,
  Sponsor,
  SubCategory,
  TerminationCode,
  Ticket,
  TicketCreateInput,
  TicketUpdateInput,
} from '../../../shared/domain/api-schemas'
import type { AppError, ErrorCode } from '../../../shared/domain/errors'
import type { Logger } from '../logger'
import type { SkippedRecord } from './parse-response'
import type { RetryOptions } from './retry-policy'

/** GET /ticket's query. Datetimes as `YYYY-MM-DD HH:MM:SS` server time; ranges are inclusive. */
export interface TicketSearchParams {
  page?: number
  per_page?: number
  /** Substring of subject or content. */
  search?: string
  contact_id?: number
  /** An empty array means no filter, like an absent one. */
  statuses?: number[]
  due_at__start?: string
  due_at__end?: string
  created_at__start?: string
  created_at__end?: string
  sponsor_id?: number
  termination_code_ids?: number[]
  handler_ids?: number[]
  creater_ids?: number[]
}

export interface PageParams {
  page?: number
  per_page?: number
}

export interface CallOptions {
  signal?: AbortSignal
}

export interface VendorClientOptions {
  /** Any form `normalizeApiBase` accepts. */
  baseUrl: string
  token?: string | null
  /**
   * Per attempt, from the request's start to the answer's last byte (default 15 s): a body that
   * trickles in a byte at a time counts as no answer, like one that never starts.
   */
  timeoutMs?: number
  /** Largest answer accepted, after decompression (default 16 MiB): larger fails as too_large. */
  maxResponseBytes?: number
  retry?: RetryOptions
  logger?: Logger
  /** A record of a listing was left out as damage (nested beyond the limit); already logged. */
  onSkippedRecord?: (record: SkippedRecord) => void
  /** A request is about to wait before its next attempt (e.g. a 429's Retry-After). */
  onRetryWait?: (wait: RetryWait) => void
}

export interface RetryWait {
  code: ErrorCode
  status?: number
  waitMs: number
}

/** What this client has sent and received since it was made (every attempt, retries too). */
export interface Traffic {
  /** HTTP requests sent. */
  requests: number
  /** Response body bytes received, as on the wire (compressed when the server gzipped them). */
  bytes: number
  /** The same bodies after inflating. */
  rawBytes: number
}

/** One write as the outbox sends it. */
export interface WriteRequest {
  method: 'POST' | 'PUT' | 'DELETE'
  /** PUT and DELETE. */
  id?: number
  body?: TicketUpdateInput
}

/**
 * A write's outcome, never thrown: on failure, whether the server may have applied it anyway
 * (a cut answer, a timeout, a 500) or certainly did not (429, 503, refused, 422).
 */
export type WriteOutcome =
  { ok: true; ticket: Ticket | null } | { ok: false; error: AppError; maybeProcessed: boolean }

export interface VendorClient {
  /** The normalized `.../api/v1` base in use. */
  readonly baseUrl: string
  /** Requests and bytes so far: a sync reports the difference over its run. */
  traffic(): Traffic
  searchTickets(params?: TicketSearchParams, options?: CallOptions): Promise<Page<Ticket>>
  getTicket(id: number, options?: CallOptions): Promise<Ticket>
  /** One POST, repeated only when the server certainly did nothing; the outbox settles lost answers. */
  createTicket(body: TicketCreateInput, options?: CallOptions): Promise<Ticket>
  /** After a POST whose answer was lost: the ticket it made, or null (find-own-create.ts). */
  findOwnCreate(body: TicketCreateInput, options: FindOwnCreateOptions): Promise<Ticket | null>
  /** One attempt of a write, for the outbox (see WriteOutcome). */
  writeOnce(request: WriteRequest, options?: CallOptions): Promise<WriteOutcome>
  updateTicket(id: number, body: TicketUpdateInput, options?: CallOptions): Promise<Ticket>
  /** Resolves once the ticket is gone, also when it already was (a retried DELETE finds nothing). */
  deleteTicket(id: number, options?: CallOptions): Promise<void>
  listEmployees(
    params?: PageParams & { search?: string },
    options?: CallOptions,
  ): Promise<Page<Employee>>
  listSponsors(params?: PageParams, options?: CallOptions): Promise<Page<Sponsor>>
  listTerminationCodes(
    params?: PageParams & { search?: string },
    options?: CallOptions,
  ): Promise<Page<TerminationCode>>
  listCategories(params?: PageParams, options?: CallOptions): Promise<Page<Category>>
  listSubCategories(
    params?: PageParams & { category_id?: number },
    options?: CallOptions,
  ): Promise<Page<SubCategory>>
}

/** How findOwnCreate looks for the ticket a lost POST made. */
export interface FindOwnCreateOptions {
  /** Our ticket's id is above this (the highest id known before the first POST). */
  aboveId: number
  /** Tickets made by our own other creates: never this one. */
  isClaimed?: (id: number) => boolean
  /** Pages of 100 to walk at most (default 20). */
  maxPages?: number
  signal?: AbortSignal
}
