import { describe, expect, it } from 'vitest'
import { API_DATETIME_RE, ticketSchema } from '../../../src/shared/domain/api-schemas'
import { generateTickets } from '../../../src/sandbox/seed/generate-tickets'
import { buildLookups } from '../../../src/sandbox/seed/lookups'

const NOW = '2025-06-01 12:00:00'

describe('generateTickets', () => {
  const tickets = generateTickets({ count: 3000, seed: 42, now: NOW })

  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateTickets({ count: 3000, seed: 42, now: NOW })
    expect(JSON.stringify(again)).toBe(JSON.stringify(tickets))
    const other = generateTickets({ count: 50, seed: 43, now: NOW })
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(tickets.slice(0, 50)))
  })

  it('numbers tickets consecutively from startId', () => {
    const ids = generateTickets({ count: 5, seed: 1, startId: 500, now: NOW }).map((t) => t.id)
    expect(ids).toEqual([500, 501, 502, 503, 504])
  })

  it('produces valid API tickets with consistent embedded objects', () => {
    for (const t of tickets) {
      expect(() => ticketSchema.parse(t)).not.toThrow()
      expect(t.created_at).toMatch(API_DATETIME_RE)
      expect(t.updated_at! >= t.created_at!).toBe(true)
      expect(t.handler?.id ?? null).toBe(t.handler_id)
      expect(t.contact?.id ?? null).toBe(t.contact_id)
      expect(t.sponsor?.id ?? null).toBe(t.sponsor_id)
      expect(t.sub_category?.id ?? null).toBe(t.sub_category_id)
      expect(t.category?.id ?? null).toBe(t.sub_category?.category_id ?? null)
      expect(t.termination_code?.id ?? null).toBe(t.termination_code_id)
      if (t.termination_code) expect(t.termination_code.status).toBe(t.status)
    }
  })

  it('makes every nullable field null somewhere, and non-null somewhere', () => {
    const nullable = [
      'due_at',
      'status_memo',
      'contact',
      'sub_category',
      'creater',
      'handler',
      'sponsor',
      'termination_code',
      'category',
    ] as const
    for (const key of nullable) {
      expect(tickets.some((t) => t[key] === null)).toBe(true)
      expect(tickets.some((t) => t[key] !== null)).toBe(true)
    }
    expect(tickets.some((t) => t.sub_category?.id === 24 && t.category === null)).toBe(true)
    const interactions = tickets.flatMap((t) => t.interact_collections ?? [])
    for (const key of ['acw_at', 'last_finished_at', 'handler', 'memo', 'result_id'] as const) {
      expect(interactions.some((i) => i[key] === null)).toBe(true)
    }
  })

  it('varies statuses, priorities and due dates around now', () => {
    expect(new Set(tickets.map((t) => t.status))).toEqual(new Set([0, 1, 2, 3]))
    expect(new Set(tickets.map((t) => t.priority))).toEqual(new Set([0, 1, 2, 3]))
    const open = tickets.filter((t) => t.status === 0 || t.status === 1)
    const in24h = '2025-06-02 12:00:00'
    expect(open.some((t) => t.due_at !== null && t.due_at! < NOW)).toBe(true)
    expect(open.some((t) => t.due_at !== null && t.due_at! > NOW && t.due_at! < in24h)).toBe(true)
    expect(tickets.every((t) => t.created_at! < NOW)).toBe(true)
  })

  it('writes call-center texts: Chinese and English, multi-line, some very long', () => {
    expect(tickets.some((t) => /理賠/.test(t.subject!))).toBe(true)
    expect(tickets.some((t) => /保費/.test(t.subject!))).toBe(true)
    expect(tickets.some((t) => /配送/.test(t.subject!))).toBe(true)
    expect(tickets.some((t) => /退款/.test(t.subject!))).toBe(true)
    expect(tickets.some((t) => /無法通話/.test(t.subject!))).toBe(true)
    expect(tickets.some((t) => /^[A-Za-z ]+$/.test(t.subject!))).toBe(true)
    expect(tickets.some((t) => t.content!.includes('\n'))).toBe(true)
    expect(tickets.some((t) => t.content!.length > 5000)).toBe(true)
  })

  it('gives contacts well-formed national id numbers', () => {
    const { contacts } = buildLookups({ seed: 42 })
    const ids = contacts.map((c) => c.identity_no).filter((x): x is string => !!x)
    expect(ids.length).toBeGreaterThan(100)
    for (const no of ids) expect(no).toMatch(/^[A-Z][12]\d{8}$/)
    expect(contacts.some((c) => c.identity_no === null)).toBe(true)
  })
})
