/**
 * The team overview (總覽): what the screen asks, what the core answers, and which queue question
 * each bar or slice stands for. The mapping lives here, beside the numbers' meaning, so the
 * count on a bar and the queue it opens are the same tickets by construction (and tested so).
 */
import { z } from 'zod'
import type { BuiltinView, TicketFilters } from './queue'
import { addSeconds } from './server-time'

export const OVERVIEW_SCOPES = ['me', 'group', 'everyone'] as const
export type OverviewScopeName = (typeof OVERVIEW_SCOPES)[number]
export const OVERVIEW_DAYS = [7, 30, 90] as const
export type OverviewDays = (typeof OVERVIEW_DAYS)[number]

export const overviewInputSchema = z.strictObject({
  scope: z.enum(OVERVIEW_SCOPES).default('me'),
  days: z.union([z.literal(7), z.literal(30), z.literal(90)]).default(30),
})
export type OverviewInput = z.input<typeof overviewInputSchema>

const count = z.number().int().min(0)
const nameText = z.string().max(200).nullable()

export const overviewSchema = z.strictObject({
  /** Server wall-clock time the numbers were counted at (`YYYY-MM-DD HH:MM:SS`). */
  asOf: z.string().max(19),
  scope: z.enum(OVERVIEW_SCOPES),
  days: z.union([z.literal(7), z.literal(30), z.literal(90)]),
  /** The scope's handlers (me: mine; group: my group's); null: everyone. */
  handlerIds: z.array(z.number().int()).max(500).nullable(),
  /** The agent's group's name, for the switch's label; null when not known. */
  groupName: nameText,
  openByStatusPriority: z.array(
    z.strictObject({ status: z.number().int(), priority: z.number().int().nullable(), count }),
  ),
  overdue: count,
  dueToday: count,
  openByHandler: z.array(
    z.strictObject({ handlerId: z.number().int().nullable(), name: nameText, count }),
  ),
  openByCategory: z.array(
    z.strictObject({ categoryId: z.number().int().nullable(), name: nameText, count }),
  ),
  /** Per day (`YYYY-MM-DD`), oldest first, every day of the range present. */
  perDay: z.array(z.strictObject({ day: z.string().max(10), created: count, resolved: count })),
})
export type OverviewData = z.infer<typeof overviewSchema>

/** One bar or slice of the overview. */
export type OverviewDatum =
  | { chart: 'statusPriority'; status: number; priority: number | null }
  | { chart: 'due'; which: 'overdue' | 'dueToday' }
  | { chart: 'handler'; handlerId: number | null }
  | { chart: 'category'; categoryId: number | null }
  | { chart: 'perDay'; series: 'created' | 'resolved'; day: string }

/** A queue question: the built-in view and the filters. */
export interface QueueQuestion {
  view: BuiltinView
  filters: TicketFilters
}

/**
 * The queue question holding exactly the tickets a datum counts, or null where the queue has no
 * filter for it (an open ticket with no priority). Open charts use the open view; created per
 * day every ticket; resolved per day the done view by last change (as the overview counts it).
 */
export function overviewQuestion(datum: OverviewDatum, data: OverviewData): QueueQuestion | null {
  const scope: TicketFilters = data.handlerIds ? { handlerIds: [...data.handlerIds] } : {}
  switch (datum.chart) {
    case 'statusPriority':
      if (datum.priority === null) return null
      return {
        view: 'open',
        filters: { ...scope, statuses: [datum.status], priorities: [datum.priority] },
      }
    case 'due':
      return {
        view: 'open',
        // The range's bounds are inclusive and times have whole seconds: overdue is "due before
        // now", due today "from now to the end of the server's day".
        filters:
          datum.which === 'overdue'
            ? { ...scope, dueTo: addSeconds(data.asOf, -1) }
            : { ...scope, dueFrom: data.asOf, dueTo: `${data.asOf.slice(0, 10)} 23:59:59` },
      }
    case 'handler':
      return {
        view: 'open',
        filters:
          datum.handlerId === null ? { unassigned: true } : { handlerIds: [datum.handlerId] },
      }
    case 'category':
      return {
        view: 'open',
        filters:
          datum.categoryId === null
            ? { ...scope, uncategorized: true }
            : { ...scope, categoryId: datum.categoryId },
      }
    case 'perDay': {
      const from = `${datum.day} 00:00:00`
      const to = `${datum.day} 23:59:59`
      return datum.series === 'created'
        ? { view: 'all', filters: { ...scope, createdFrom: from, createdTo: to } }
        : { view: 'done', filters: { ...scope, updatedFrom: from, updatedTo: to } }
    }
  }
}
