/**
 * The view, create and update responses omit fields the listing carries (`creater`,
 * `interact_collections`; see the document's examples). A ticket read that way keeps those from
 * its cached copy, rebuilt in the cached copy's key order so the next sweep finds an identical
 * JSON and does not count it as changed.
 */
import type { Ticket } from '../../../shared/domain/api-schemas'

export function mergeWithCached(cached: Ticket | null | undefined, fresh: Ticket): Ticket {
  if (!cached) return fresh
  const merged: Record<string, unknown> = {}
  const incoming = fresh as Record<string, unknown>
  for (const [key, value] of Object.entries(cached))
    merged[key] = key in incoming ? incoming[key] : value
  for (const [key, value] of Object.entries(incoming)) if (!(key in merged)) merged[key] = value
  return merged as Ticket
}
