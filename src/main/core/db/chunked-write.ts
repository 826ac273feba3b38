/** Writing a long list of tickets in chunks, one transaction each, with a turn of the event loop between. */
import type { Ticket } from '../../../shared/domain/api-schemas'
import { AppError } from '../../../shared/domain/errors'
import type { UpsertResult } from './cache-interfaces'

/**
 * Tickets per transaction: short enough that other calls wait milliseconds, not seconds (an API
 * page, ~10 ms). Smaller transactions cost more in all (25: +30% CPU for a first sync,
 * docs/measurements.md, "Cache writes").
 */
const DEFAULT_CHUNK = 100

/**
 * Writes `tickets` through `write` in chunks. `state` goes with the last chunk only, so it never
 * claims a page that is not all written. When `stillCurrent` turns false between two chunks (the
 * cache was cleared or rebuilt), the rest is not written into the fresh file: `cancelled`.
 */
export async function upsertInChunks(
  tickets: readonly Ticket[],
  write: (slice: readonly Ticket[], state: Record<string, unknown> | undefined) => UpsertResult,
  stillCurrent: () => boolean,
  state?: Record<string, unknown>,
  chunkSize?: number,
): Promise<UpsertResult> {
  const size = Math.max(1, Math.trunc(chunkSize ?? DEFAULT_CHUNK))
  const total: UpsertResult = {
    inserted: 0,
    updated: 0,
    unchanged: 0,
    insertedIds: [],
    updatedIds: [],
  }
  for (let start = 0; start < tickets.length || start === 0; start += size) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve))
    if (!stillCurrent()) {
      throw new AppError({ code: 'cancelled', message: 'The cache was cleared during the write' })
    }
    const last = start + size >= tickets.length
    const r = write(tickets.slice(start, start + size), last ? state : {})
    total.inserted += r.inserted
    total.updated += r.updated
    total.unchanged += r.unchanged
    total.insertedIds.push(...r.insertedIds)
    total.updatedIds.push(...r.updatedIds)
    if (last) break
  }
  return total
}
