/**
 * Deterministic, realistic tickets in the API's full listing shape. Same options, same tickets:
 * pass `now` too when the output must not depend on the clock (due dates are spread around it).
 */
import type { Interaction, Ticket } from '../../shared/domain/api-schemas'
import { serverNow } from '../../shared/domain/server-time'
import { assembleTicket, indexLookups, type LookupIndex } from './assemble-ticket'
import { buildLookups } from './lookups'
import { Random } from './random'
import { INTERACTION_MEMOS, makeContent, STATUS_MEMOS, TOPICS } from './ticket-texts'

export interface GenerateTicketsOptions {
  count: number
  seed: number
  /** First ticket id (default 1); ids are consecutive. */
  startId?: number
  /** The generation's "now" as `YYYY-MM-DD HH:MM:SS` server time (default: the clock, Taipei). */
  now?: string
  /** Lookups to reference (default: `buildLookups({ seed })`). */
  index?: LookupIndex
  /**
   * The share of tickets left open (status 0 or 1), 0..1. Absent: the default mix (most recent
   * tickets open, most older ones done). Benchmarks set it to model a long history that is mostly
   * closed.
   */
  openShare?: number
}

const HOUR = 3600
const DAY = 24 * HOUR

/** Wall-clock arithmetic in plain epoch seconds (UTC as a stand-in zone: no shifting). */
function toSec(wallClock: string): number {
  return Date.parse(wallClock.replace(' ', 'T') + 'Z') / 1000
}
function fmt(sec: number): string {
  return new Date(sec * 1000).toISOString().slice(0, 19).replace('T', ' ')
}

/** Open (0 or 1) with probability `openShare`, otherwise resolved or closed. */
function pickStatusByShare(rng: Random, openShare: number): 0 | 1 | 2 | 3 {
  const open = rng.chance(openShare)
  const second = rng.chance(0.5)
  if (open) return second ? 1 : 0
  return second ? 3 : 2
}

/** Termination codes by the status they belong to (document: 狀態細項). */
function codesByStatus(index: LookupIndex): Map<number, number[]> {
  const map = new Map<number, number[]>()
  for (const code of index.lookups.terminationCodes) {
    const list = map.get(code.status ?? -1) ?? []
    list.push(code.id)
    map.set(code.status ?? -1, list)
  }
  return map
}

export function generateTickets(options: GenerateTicketsOptions): Ticket[] {
  const { count, seed } = options
  const startId = options.startId ?? 1
  const now = toSec(options.now ?? serverNow())
  const index = options.index ?? indexLookups(buildLookups({ seed }))
  const rng = new Random(seed)
  const employeeIds = index.lookups.employees.map((e) => e.id)
  const contactIds = index.lookups.contacts.map((c) => c.id)
  const codes = codesByStatus(index)
  // Spread creation over the past: ~10 minutes apart, at least a week, at most two years.
  const span = Math.min(730 * DAY, Math.max(7 * DAY, count * 600))
  const step = span / Math.max(1, count)
  const tickets: Ticket[] = new Array<Ticket>(count)

  for (let i = 0; i < count; i++) {
    const id = startId + i
    const createdOffset = -span + (i + 1) * step - rng.next() * step * 0.5 - 60
    const created = now + Math.floor(createdOffset)
    const createdAt = fmt(created)
    const age = -Math.floor(createdOffset)
    const recent = age < 14 * DAY
    const status =
      options.openShare !== undefined
        ? pickStatusByShare(rng, options.openShare)
        : recent
          ? rng.weighted([
              [0, 4],
              [1, 3],
              [2, 2],
              [3, 1],
            ] as const)
          : rng.weighted([
              [0, 1],
              [1, 1],
              [2, 5],
              [3, 3],
            ] as const)
    const open = status <= 1
    const updatedAt = rng.chance(0.2)
      ? createdAt
      : fmt(created + Math.floor(rng.next() * Math.min(age - 1, 30 * DAY)))

    let dueAt: string | null = null
    const dueKind = rng.next()
    if (open) {
      if (dueKind < 0.25)
        dueAt = fmt(now - rng.int(HOUR, 10 * DAY)) // overdue
      else if (dueKind < 0.5)
        dueAt = fmt(now + rng.int(600, 23 * HOUR)) // due within 24 h
      else if (dueKind < 0.7) dueAt = fmt(now + rng.int(DAY + HOUR, 30 * DAY))
    } else if (dueKind < 0.6) {
      dueAt = fmt(created + rng.int(DAY, 7 * DAY))
    }

    const topic = rng.pick(TOPICS)
    const contactId = rng.chance(0.1) ? null : rng.pick(contactIds)
    const handlerId = rng.chance(status === 0 ? 0.35 : 0.05) ? null : rng.pick(employeeIds)
    const createrId = rng.chance(0.01) ? null : rng.pick(employeeIds)
    const sponsorId = rng.chance(0.05)
      ? null
      : rng.weighted([
          [1, 6],
          [2, 3],
          [3, 1],
        ] as const)
    const statusCodes = codes.get(status) ?? []
    const codeId = statusCodes.length > 0 && rng.chance(0.6) ? rng.pick(statusCodes) : null

    const interactions: Interaction[] = []
    const interactionCount = rng.weighted([
      [0, 3],
      [1, 5],
      [2, 2],
    ] as const)
    for (let k = 0; k < interactionCount; k++) {
      const enter = created + rng.int(0, 3 * DAY)
      const finished = enter + rng.int(20, 1800)
      const completed = rng.chance(0.85)
      const handler = rng.chance(0.05) ? null : (handlerId ?? rng.pick(employeeIds))
      interactions.push({
        // Far above the document's ids (108, 121, 149) so they never collide.
        id: 1000 + id * 3 + k,
        is_acw_completed: completed,
        first_enter_queue_at: fmt(enter),
        acw_at: completed ? fmt(finished + rng.int(10, 600)) : null,
        last_finished_at: rng.chance(0.05) ? null : fmt(finished),
        handler_id: handler,
        handler: handler === null ? null : (index.employees.get(handler) ?? null),
        contact_id: contactId,
        memo: rng.chance(0.7) ? null : rng.pick(INTERACTION_MEMOS),
        bound_type: rng.weighted([
          [1, 4],
          [2, 1],
        ] as const),
        sponsor_id: sponsorId,
        campaign_queue_id: null,
        result_id: rng.chance(0.1) ? null : rng.int(1, 3),
      })
    }

    tickets[i] = assembleTicket(
      {
        id,
        subject: rng.pick(topic.subjects),
        content: makeContent(topic, rng, createdAt),
        due_at: dueAt,
        status,
        status_memo: rng.chance(0.7) ? null : rng.pick(STATUS_MEMOS),
        priority: rng.weighted([
          [0, 4],
          [1, 3],
          [2, 2],
          [3, 1],
        ] as const),
        contact_id: contactId,
        sub_category_id: rng.pick(topic.subCategoryIds),
        creater_id: createrId,
        handler_id: handlerId,
        sponsor_id: sponsorId,
        created_at: createdAt,
        updated_at: updatedAt,
        termination_code_id: codeId,
      },
      index,
      interactions,
    )
  }
  return tickets
}
