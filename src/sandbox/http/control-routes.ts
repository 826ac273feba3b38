/**
 * The control surface under /__sandbox: what the real API does not have. Tests use it to act as
 * another agent (create, update, delete; never faulted), to inject faults, to read request stats,
 * to pin the server clock and to corrupt a record on purpose.
 */
import type { SandboxData } from '../sandbox-data'
import type { FaultConfig, Faults } from './faults'
import { ValidationFailed, validateTicketWrite } from './laravel-validation'
import { validationReply, writeRules } from './api-routes'
import { json, type Reply } from './reply'

export interface SandboxStats {
  /** Requests per `METHOD /route` (e.g. `GET /ticket/{id}`), counted before any fault. */
  requests: Record<string, number>
  /**
   * Requests the application ran and answered 2xx, per route: what a write "reached the server"
   * means. A request failed by a fault before the work (status faults, `drop_before`) is not
   * counted; one whose connection was dropped after the work (`drop_after`, `malformed`) is.
   */
  applied: Record<string, number>
  /** Faults served, by kind: `status_500`, `status_429`, `drop_before`, `drop_after`, `malformed`. */
  faults: Record<string, number>
  /** Body bytes of the API's answers as sent on the wire (gzipped when the client asked). */
  bytes: number
  /** The same answers' JSON before compression. */
  rawBytes: number
}

export interface ControlContext {
  data: SandboxData
  faults: Faults
  stats: SandboxStats
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function handleControl(
  method: string,
  path: string,
  body: unknown,
  ctx: ControlContext,
): Reply {
  const { data, faults, stats } = ctx
  const { store } = data
  try {
    if (path === '/health' && method === 'GET')
      return json(200, { ok: true, tickets: store.count() })
    if (path === '/faults') {
      if (method === 'GET') return json(200, faults.get())
      if (method === 'PUT' && isObject(body)) {
        faults.set(body as FaultConfig)
        return json(200, faults.get())
      }
      if (method === 'DELETE') {
        faults.clear()
        return { status: 204 }
      }
    }
    if (path === '/stats') {
      if (method === 'GET') return json(200, stats)
      if (method === 'DELETE') {
        stats.requests = {}
        stats.applied = {}
        stats.faults = {}
        stats.bytes = 0
        stats.rawBytes = 0
        return { status: 204 }
      }
    }
    if (path === '/clock' && method === 'PUT' && isObject(body)) {
      const now = body.now
      if (
        now !== null &&
        (typeof now !== 'string' || !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(now))
      )
        return json(422, { message: 'now must be YYYY-MM-DD HH:MM:SS or null' })
      data.clock.set(now)
      return json(200, { now: data.clock.now() })
    }
    if (path === '/tickets') {
      if (method === 'GET') return json(200, store.list())
      if (method === 'POST') {
        const write = validateTicketWrite(body, writeRules(data, true))
        const createrId =
          isObject(body) && typeof body.creater_id === 'number' ? body.creater_id : 1
        return json(201, store.create(write, createrId))
      }
    }
    const raw = /^\/tickets\/(\d+)\/raw$/.exec(path)
    if (raw && method === 'PATCH' && isObject(body)) {
      return store.patchRaw(Number(raw[1]), body)
        ? json(200, store.get(Number(raw[1])))
        : json(404, { message: 'No such ticket' })
    }
    const one = /^\/tickets\/(\d+)$/.exec(path)
    if (one) {
      const id = Number(one[1])
      if (method === 'GET') {
        const ticket = store.get(id)
        return ticket ? json(200, ticket) : json(404, { message: 'No such ticket' })
      }
      if (method === 'PUT') {
        const updated = store.update(id, validateTicketWrite(body, writeRules(data, false)))
        return updated ? json(200, updated) : json(404, { message: 'No such ticket' })
      }
      if (method === 'DELETE') {
        return store.delete(id) ? { status: 204 } : json(404, { message: 'No such ticket' })
      }
    }
    return json(404, { message: `No control route ${method} /__sandbox${path}` })
  } catch (error) {
    if (error instanceof ValidationFailed) return validationReply(error.errors)
    throw error
  }
}
