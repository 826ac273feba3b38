/**
 * A typed client for the sandbox's control surface (/__sandbox), for tests and scripts: act as
 * another agent, inject faults, read stats, pin the clock. Plain fetch; never faulted.
 */
import type { Ticket, TicketCreateInput, TicketUpdateInput } from '../shared/domain/api-schemas'
import type { FaultConfig } from './http/faults'
import type { SandboxStats } from './http/control-routes'

export type { FaultConfig, SandboxStats }

export class SandboxControl {
  private readonly base: string

  /** `url` is the sandbox's root (http://127.0.0.1:PORT), not its /api/v1 base. */
  constructor(url: string) {
    this.base = url.replace(/\/+$/, '') + '/__sandbox'
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.base + path, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`sandbox control ${method} ${path}: ${res.status} ${text}`)
    return (text ? JSON.parse(text) : undefined) as T
  }

  health(): Promise<{ ok: boolean; tickets: number }> {
    return this.call('GET', '/health')
  }

  /** Every ticket's id and updated_at, ascending by id. */
  listTickets(): Promise<{ id: number; updated_at: string }[]> {
    return this.call('GET', '/tickets')
  }

  /** The stored ticket in its full listing shape, or null when absent. */
  async getTicket(id: number): Promise<Ticket | null> {
    const res = await fetch(`${this.base}/tickets/${id}`)
    if (res.status === 404) return null
    if (!res.ok) throw new Error(`sandbox control GET /tickets/${id}: ${res.status}`)
    return (await res.json()) as Ticket
  }

  /** Creates a ticket as another agent (default creater: employee 1). */
  createTicket(body: TicketCreateInput & { creater_id?: number }): Promise<Ticket> {
    return this.call('POST', '/tickets', body)
  }

  updateTicket(id: number, body: TicketUpdateInput): Promise<Ticket> {
    return this.call('PUT', `/tickets/${id}`, body)
  }

  deleteTicket(id: number): Promise<void> {
    return this.call('DELETE', `/tickets/${id}`)
  }

  /** Overwrites fields of the served JSON as-is (e.g. `{ status: 'open' }`): no rules applied. */
  corruptTicket(id: number, patch: Record<string, unknown>): Promise<Ticket> {
    return this.call('PATCH', `/tickets/${id}/raw`, patch)
  }

  /** Replaces the tokens the API accepts (a sandbox started with a token): revokes the others. */
  setTokens(tokens: string[]): Promise<{ tokens: number }> {
    return this.call('PUT', '/tokens', { tokens })
  }

  getFaults(): Promise<FaultConfig> {
    return this.call('GET', '/faults')
  }

  setFaults(config: FaultConfig): Promise<FaultConfig> {
    return this.call('PUT', '/faults', config)
  }

  clearFaults(): Promise<void> {
    return this.call('DELETE', '/faults')
  }

  stats(): Promise<SandboxStats> {
    return this.call('GET', '/stats')
  }

  resetStats(): Promise<void> {
    return this.call('DELETE', '/stats')
  }

  /** Pins the server clock (`YYYY-MM-DD HH:MM:SS`), or lets it follow real time again (null). */
  setClock(now: string | null): Promise<{ now: string }> {
    return this.call('PUT', '/clock', { now })
  }
}
