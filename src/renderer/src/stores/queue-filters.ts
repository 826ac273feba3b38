/** The queue's filters as a question asks them: cleaned of empty values, a saved view's worked out. */
import type { SavedView, TicketFilters, TicketSort } from '../../../shared/domain/queue'
import { resolveRelativeRange } from '../../../shared/domain/queue-rules'
import { serverNow } from '../../../shared/domain/server-time'

/** Drops empty values so the query (and a saved view) holds only filters that do something. */
export function cleanFilters(filters: TicketFilters): TicketFilters {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === '' || value === false) continue
    if (Array.isArray(value) && value.length === 0) continue
    out[key] = typeof value === 'string' ? value.trim() || undefined : value
    if (out[key] === undefined) delete out[key]
  }
  return out as TicketFilters
}

/** A saved view's filters as of now: its relative date range worked out in server time. */
export function savedViewFilters(saved: SavedView, timeZone: string): TicketFilters {
  if (!saved.relative) return { ...saved.filters }
  return { ...saved.filters, ...resolveRelativeRange(saved.relative, serverNow(timeZone)) }
}

/**
 * A multiple choice changed from `shown` to `picked` while `asked` is what the question being
 * asked holds (it may already have taken an earlier pick the screen does not show yet): the
 * agent's change, added to and taken from `asked`, so a quick second pick never undoes the first.
 */
export function changeOfPicks(asked: number[], shown: number[], picked: number[]): number[] {
  const removed = new Set(shown.filter((v) => !picked.includes(v)))
  const kept = asked.filter((v) => !removed.has(v))
  return [...kept, ...picked.filter((v) => !shown.includes(v) && !kept.includes(v))]
}

/** `filters` once the agent toggles `value` among the picks of `field` in its quick filter. */
export function togglePick(
  filters: TicketFilters,
  field: keyof TicketFilters,
  value: number,
): TicketFilters {
  const asked = (filters[field] as number[] | undefined) ?? []
  const picked = asked.includes(value) ? asked.filter((v) => v !== value) : [...asked, value]
  return cleanFilters({ ...filters, [field]: picked })
}

/**
 * What a question asks, as one text to compare: the same view, filters and order give the same
 * text whatever order the picks were made in.
 */
export function questionKey(view: string, filters: TicketFilters, sort: TicketSort): string {
  const entries = Object.entries(cleanFilters(filters))
    .map(([k, v]) => [k, Array.isArray(v) ? [...(v as number[])].sort((a, b) => a - b) : v])
    .sort(([a], [b]) => String(a).localeCompare(String(b)))
  return JSON.stringify([view, entries, sort.column, sort.direction])
}
