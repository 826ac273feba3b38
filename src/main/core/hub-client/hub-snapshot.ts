/**
 * A first sync from the team hub: its snapshot (ndjson, one SQLite read on the hub, so pinned at
 * one cursor). Into an empty cache it comes in the cache's stored form (`form=rows`: the hub's
 * rows written as they are, db/snapshot-rows.ts); otherwise as tickets, written through the
 * cache's bulk path as a direct first sync writes its pages.
 * The cursor is stored only with the `end` line, in the same transaction as the last step (the
 * lookups, the deletions of what the hub no longer has): a stream cut short leaves no cursor, so
 * the next attempt takes a new snapshot and nothing claims a state the cache does not hold.
 */
import type { Ticket } from '../../../shared/domain/api-schemas'
import {
  SNAPSHOT_FORM_ROWS,
  snapshotLineSchema,
  type HubLookupLists,
} from '../../../shared/hub/protocol'
import type { TicketCacheReader, TicketCacheWriter } from '../db/cache-interfaces'
import { SnapshotRowsError, type SnapshotRowsWriter } from '../db/snapshot-rows'
import { HubError, readLines, type HubHttp } from './hub-http'

/** Tickets per write: a few API pages' worth, each its own small transaction (see the writer). */
const BATCH = 500

export interface SnapshotResult {
  cursor: string
  tickets: number
  deleted: number
}

export async function takeSnapshot(
  http: HubHttp,
  cache: TicketCacheReader & TicketCacheWriter,
  options: {
    syncedAt: string
    /** Bookkeeping written with the cursor, in the same transaction (e.g. the sync's marks). */
    state: (cursor: string, tickets: number) => Record<string, unknown>
    onProgress?: (done: number, total: number) => void
    /** The stream stays open while this returns true (stop, sign-out). */
    alive: () => boolean
  },
): Promise<SnapshotResult> {
  // A hub that has not read the whole vendor once would hand out a partial floor (and the
  // cache would drop what it lacks): until then the desktop syncs directly.
  const health = await http.health()
  if (health.tiers.all.ok !== true)
    throw new HubError('unavailable', 'The team hub has not finished its first read of the vendor')
  const rows = cache.snapshotRows()
  let begin: { cursor: string; tickets: number; form?: string } | null = null
  const path = rows ? `/snapshot?form=${SNAPSHOT_FORM_ROWS}&schema=${rows.schema}` : '/snapshot'
  const res = await http.open('GET', path, { idleMs: 60_000 })
  let lookups: HubLookupLists | null = null
  let end: { cursor: string; tickets: number } | null = null
  const seen = new Set<number>()
  let batch: Ticket[] = []
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return
    const tickets = batch
    batch = []
    await cache.upsertTicketsInChunks(tickets, options.syncedAt)
    bulk.checkpointStep()
    options.onProgress?.(seen.size, begin?.tickets ?? seen.size)
  }
  const bulk = cache.beginBulk()
  try {
    for await (const text of readLines(res.body)) {
      if (!options.alive()) throw new HubError('unreachable', 'The snapshot was stopped')
      let line
      try {
        line = snapshotLineSchema.parse(JSON.parse(text))
      } catch {
        throw new HubError('bad_response', "A line of the hub's snapshot is not protocol v1")
      }
      if (line.type !== 'begin' && !begin)
        throw new HubError('bad_response', "The hub's snapshot does not start with begin")
      if (line.type === 'begin') {
        begin = {
          cursor: line.cursor,
          tickets: line.tickets,
          ...(line.form ? { form: line.form } : {}),
        }
        // A hub at another schema answers with tickets.
        if (line.form === SNAPSHOT_FORM_ROWS && (!rows || line.schema !== rows.schema))
          throw new HubError(
            'bad_response',
            "The hub's snapshot rows are not of this cache's schema",
          )
      } else if (line.type === 'lookups') lookups = line.lists
      else if (line.type === 'rows') {
        if (!rows)
          throw new HubError('bad_response', 'The hub sent rows this cache did not ask for')
        await flush()
        let ids: number[]
        try {
          ids = rows.write(line, options.syncedAt)
        } catch (error) {
          if (error instanceof SnapshotRowsError) throw new HubError('bad_response', error.message)
          throw error
        }
        for (const id of ids) seen.add(id)
        if (line.table === 'interactions' || line.table === 'ticket_search_data') {
          bulk.checkpointStep()
          options.onProgress?.(seen.size, begin?.tickets ?? seen.size)
          // Other calls to the core get their turn between batches.
          await new Promise<void>((r) => setImmediate(r))
        }
      } else if (line.type === 'ticket') {
        seen.add(line.ticket.id)
        batch.push(line.ticket)
        if (batch.length >= BATCH) await flush()
      } else {
        end = { cursor: line.cursor, tickets: line.tickets }
        break
      }
    }
    await flush()
    if (!begin || !end || end.cursor !== begin.cursor || end.tickets !== seen.size)
      throw new HubError('unreachable', "The hub's snapshot ended before its end line")
    if (rows && begin.form === SNAPSHOT_FORM_ROWS) finishRows(rows, seen.size)
  } catch (error) {
    // Rows without their checked search index are never left behind (the ticket form that
    // follows indexes only what changed).
    rows?.abort()
    throw error
  } finally {
    res.close()
    bulk.finish()
  }
  // Whatever the cache held that the hub does not is gone on the server.
  const gone = cache.allTicketIds().filter((id) => !seen.has(id))
  const { deleted } = cache.applyFeed(
    {
      tickets: [],
      deleted: gone,
      ...(lookups ? { lookups } : {}),
      state: options.state(end.cursor, seen.size),
    },
    options.syncedAt,
  )
  while (cache.maintenanceStep()) await new Promise<void>((r) => setImmediate(r))
  return { cursor: end.cursor, tickets: seen.size, deleted }
}

/** The shipped search index checked against the tickets written; refused as a bad answer. */
function finishRows(rows: SnapshotRowsWriter, tickets: number): void {
  try {
    rows.finish(tickets)
  } catch (error) {
    if (error instanceof SnapshotRowsError) throw new HubError('bad_response', error.message)
    throw error
  }
}
