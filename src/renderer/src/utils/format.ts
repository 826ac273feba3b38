/** Small pure helpers for showing ticket data. */
import { secondsBetween } from '../../../shared/domain/server-time'

const DAY = 86_400

/** How a due time stands against the server's now: overdue, due within 24 hours, or later. */
export type DueState = 'none' | 'overdue' | 'soon' | 'later'

export function dueState(dueAt: string | null | undefined, now: string): DueState {
  if (!dueAt) return 'none'
  const left = secondsBetween(now, normalizeDateTime(dueAt))
  if (Number.isNaN(left)) return 'none'
  if (left < 0) return 'overdue'
  if (left <= DAY) return 'soon'
  return 'later'
}

/** A date-only value from the API gets midnight, so comparisons stay wall-clock. */
export function normalizeDateTime(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value} 00:00:00` : value
}

/** A duration split into the two largest units, for "3 d 4 h left" style labels. */
export function splitDuration(seconds: number): { days: number; hours: number; minutes: number } {
  const s = Math.abs(Math.round(seconds))
  return {
    days: Math.floor(s / DAY),
    hours: Math.floor((s % DAY) / 3600),
    minutes: Math.floor((s % 3600) / 60),
  }
}

/** `YYYY-MM-DD HH:MM` (drops seconds) for dense tables; the API string itself is never shifted. */
export function shortDateTime(value: string | null | undefined): string {
  if (!value) return ''
  return value.length >= 16 ? value.slice(0, 16) : value
}

/** National id masked as A123****89 (the rule lives in shared/domain/personal-data). */
export { maskNationalId as maskId } from '../../../shared/domain/personal-data'

/** A piece of text, and whether it is one of a search's matches (to highlight). */
export interface TextPiece {
  text: string
  hit: boolean
}

/** `text` cut at the `[start, end)` ranges (sorted, not overlapping, as the core sends them). */
export function highlightPieces(
  text: string | null | undefined,
  ranges: readonly (readonly [number, number])[] | undefined,
): TextPiece[] {
  if (!text) return []
  if (!ranges || ranges.length === 0) return [{ text, hit: false }]
  const out: TextPiece[] = []
  let at = 0
  for (const [start, end] of ranges) {
    const s = Math.max(at, Math.min(start, text.length))
    const e = Math.max(s, Math.min(end, text.length))
    if (s > at) out.push({ text: text.slice(at, s), hit: false })
    if (e > s) out.push({ text: text.slice(s, e), hit: true })
    at = e
  }
  if (at < text.length) out.push({ text: text.slice(at), hit: false })
  return out
}
