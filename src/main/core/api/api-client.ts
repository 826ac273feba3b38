/** The typed client of the vendor's ticket API: one axios instance per connection. */
import axios from 'axios'
import type { z } from 'zod'
import {
  categorySchema,
  employeeSchema,
  sponsorSchema,
  subCategorySchema,
  terminationCodeSchema,
  ticketSchema,
  type Page,
  type Ticket,
} from '../../../shared/domain/api-schemas'
import { silentLogger } from '../logger'
import { ACCEPT_ENCODING, HttpRunner } from './http-runner'
import { serializeLaravelParams } from './laravel-params'
import { normalizeApiBase } from './normalize-base'
import { parsePage, parseRecord, type SkippedRecord } from './parse-response'
import { resolveRetry } from './retry-policy'
import { findOwnCreate } from './find-own-create'
import type { VendorClient, VendorClientOptions, TicketSearchParams, WriteOutcome } from './types'

/** Largest answer accepted (after decompression), unless VendorClientOptions says otherwise. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024
/** Largest request body sent (a ticket with the longest content the contract allows is ~200 KB). */
export const MAX_REQUEST_BYTES = 2 * 1024 * 1024

export function createVendorClient(options: VendorClientOptions): VendorClient {
  const baseUrl = normalizeApiBase(options.baseUrl)
  const logger = options.logger ?? silentLogger
  const retry = resolveRetry(options.retry)
  const http = axios.create({
    baseURL: baseUrl,
    // axios's timeout ends at the headers (then every byte resets an idle timer): the whole
    // attempt's deadline is an AbortSignal in http-runner.ts; this one only names the cause early.
    timeout: options.timeoutMs ?? 15_000,
    headers: {
      // Without it a Laravel server answers a guest with a redirect to its login page.
      Accept: 'application/json',
      // We inflate ourselves (http-runner.ts) so the bytes on the wire can be counted.
      'Accept-Encoding': ACCEPT_ENCODING,
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
    },
    // We read the bytes ourselves: cut-off JSON and HTML pages must be told apart, not thrown,
    // and the compressed size is what the server really sent.
    responseType: 'arraybuffer',
    decompress: false,
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxRedirects: 0,
    // A 100-ticket page is ~300 KB: anything near these limits is a misbehaving server, and an
    // unbounded answer would be held whole in memory.
    maxContentLength: options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
    maxBodyLength: MAX_REQUEST_BYTES,
    paramsSerializer: {
      serialize: (params) => serializeLaravelParams(params as Record<string, unknown>),
    },
  })
  const runner = new HttpRunner(http, retry, logger, {
    maxResponseBytes: options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
    deadlineMs: options.timeoutMs ?? 15_000,
    ...(options.onRetryWait ? { onRetryWait: options.onRetryWait } : {}),
  })

  const skipped = (record: SkippedRecord): void => {
    logger.warn('a damaged record of a listing was left out', {
      request: record.what,
      index: record.index,
      id: typeof record.id === 'number' ? record.id : null,
      reason: record.reason,
    })
    options.onSkippedRecord?.(record)
  }

  const list = <S extends z.ZodType>(
    url: string,
    item: S,
    params: object | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Page<z.infer<S>>> =>
    runner.run(
      { method: 'GET', url, params: { ...params }, what: `GET ${url}` },
      (body) => parsePage(body, item, `GET ${url}`, skipped),
      { signal },
    )

  const searchTickets = (params: TicketSearchParams = {}, signal?: AbortSignal) =>
    list('/ticket', ticketSchema, params, signal)

  const ticketId = (id: number): string => {
    if (!Number.isSafeInteger(id) || id < 1) throw new Error(`invalid ticket id ${id}`)
    return `/ticket/${id}`
  }

  return {
    baseUrl,
    traffic: () => runner.traffic(),
    searchTickets: (params, opts) => searchTickets(params, opts?.signal),
    getTicket: (id, opts) => {
      const url = ticketId(id)
      return runner.run(
        { method: 'GET', url, what: 'GET /ticket/{id}' },
        (body) => parseRecord(body, ticketSchema, 'GET /ticket/{id}'),
        { signal: opts?.signal },
      )
    },
    createTicket: (body, opts) =>
      // Repeated only when the server certainly did nothing (429, 503, refused): a lost answer
      // is the outbox's to settle (find-own-create.ts), never a blind second POST.
      runner.run(
        { method: 'POST', url: '/ticket', data: body, what: 'POST /ticket' },
        (b) => parseRecord(b, ticketSchema, 'POST /ticket'),
        { signal: opts?.signal },
      ),
    findOwnCreate: (body, options) => findOwnCreate(searchTickets, body, options),
    updateTicket: (id, body, opts) => {
      const url = ticketId(id)
      // PUT is idempotent: sending the same fields twice leaves the same ticket.
      return runner.run(
        { method: 'PUT', url, data: body, what: 'PUT /ticket/{id}' },
        (b) => parseRecord(b, ticketSchema, 'PUT /ticket/{id}'),
        { signal: opts?.signal },
      )
    },
    deleteTicket: async (id, opts) => {
      const url = ticketId(id)
      const outcome = await runner.runOutcome(
        { method: 'DELETE', url, what: 'DELETE /ticket/{id}' },
        () => ({ ok: true, value: undefined }),
        { signal: opts?.signal },
      )
      if (outcome.ok) return
      // A retried DELETE whose first attempt went through finds nothing: the goal is reached.
      if (outcome.failure.error.code === 'not_found' && outcome.failure.error.status === 404) {
        return
      }
      throw outcome.failure.error
    },
    writeOnce: async (request, opts): Promise<WriteOutcome> => {
      const what = request.method === 'POST' ? 'POST /ticket' : `${request.method} /ticket/{id}`
      const url = request.method === 'POST' ? '/ticket' : ticketId(request.id ?? 0)
      const outcome = await runner.runOutcome<Ticket | null>(
        { method: request.method, url, data: request.body, what },
        (b) =>
          request.method === 'DELETE'
            ? { ok: true, value: null }
            : parseRecord(b, ticketSchema, what),
        // One attempt: the outbox decides what to do next, after asking the server if need be.
        { signal: opts?.signal, repeatIf: () => false },
      )
      if (outcome.ok) return { ok: true, ticket: outcome.value }
      return {
        ok: false,
        error: outcome.failure.error,
        maybeProcessed: outcome.failure.maybeProcessed,
      }
    },
    listEmployees: (params, opts) => list('/employee', employeeSchema, params, opts?.signal),
    listSponsors: (params, opts) => list('/sponsor', sponsorSchema, params, opts?.signal),
    listTerminationCodes: (params, opts) =>
      list('/ticket-termination-code', terminationCodeSchema, params, opts?.signal),
    listCategories: (params, opts) => list('/category', categorySchema, params, opts?.signal),
    listSubCategories: (params, opts) =>
      list('/subcategory', subCategorySchema, params, opts?.signal),
  }
}
