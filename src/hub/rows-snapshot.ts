/**
 * The snapshot in the cache's stored form (`GET /snapshot?form=rows-index&schema=N`), built ONCE per
 * cursor and kept in memory gzip-compressed: a morning floor of hundreds of desktops taking their
 * first sync at once costs the hub one read of its store, not one each. A build is served even
 * after the head moved: its cursor is still followed (the changes after it are kept for days),
 * so a desktop only reads a few more changes after it.
 */
import { once } from 'node:events'
import { createGzip } from 'node:zlib'
import type { ServerResponse } from 'node:http'
import { openDatabase } from '../main/core/db/open-database'
import { schemaVersion } from '../main/core/db/run-migrations'
import { readSnapshotRows } from '../main/core/db/snapshot-rows'
import { formatCursor, SNAPSHOT_FORM_ROWS, type SnapshotLine } from '../shared/hub/protocol'
import { epochOf, headSeq } from './change-log'
import { lookupsIn } from './feed'

/** How long a build is served after the head moved on. */
export const REUSE_MS = 5 * 60_000
/** Gzip level: the build is paid once per cursor, so better compression than the ticket form's. */
const LEVEL = 6

export interface RowsBuild {
  epoch: string
  seq: number
  builtAt: number
  /** The whole answer, gzip-compressed, in the order it is sent. */
  chunks: Buffer[]
  bytes: number
  tickets: number
}

/** Reads the store once (one read transaction on its own connection) into a gzip'd build. */
async function build(path: string, key: Buffer | null, now: number): Promise<RowsBuild> {
  const db = openDatabase(path, { key, readonly: true })
  const chunks: Buffer[] = []
  const gzip = createGzip({ level: LEVEL })
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk))
  const write = async (text: string): Promise<void> => {
    if (!gzip.write(text)) await once(gzip, 'drain')
  }
  const line = (value: SnapshotLine | Record<string, unknown>): string =>
    JSON.stringify(value) + '\n'
  try {
    db.exec('BEGIN')
    const epoch = epochOf(db)
    const seq = headSeq(db)
    const cursor = formatCursor({ epoch, seq })
    const count = (db.prepare('SELECT COUNT(*) AS n FROM ticket_json').get() as { n: number }).n
    await write(
      line({ type: 'begin', cursor, tickets: count, form: SNAPSHOT_FORM_ROWS, schema: schemaVersion(db) }) +
        line({ type: 'lookups', lists: lookupsIn(db) }),
    )
    let sent = 0
    for (const rows of readSnapshotRows(db, (n) => (sent += n))) {
      await write(line({ type: 'rows', ...rows }))
      // The hub keeps answering its other callers while it builds.
      if (rows.table === 'interactions') await new Promise<void>((r) => setImmediate(r))
    }
    gzip.end(line({ type: 'end', cursor, tickets: sent }))
    await once(gzip, 'end')
    db.exec('COMMIT')
    return {
      epoch,
      seq,
      builtAt: now,
      chunks,
      bytes: chunks.reduce((n, c) => n + c.length, 0),
      tickets: sent,
    }
  } finally {
    db.close()
  }
}

/**
 * The build kept for the floor. A desktop never waits for one: with none of this store's epoch
 * yet it is answered in the ticket form while the build runs (at 100,000 tickets a build is
 * ~25 s of the hub's CPU). A build older than REUSE_MS whose head has moved is still served
 * while the next one is made, on the next request only: an idle hub builds nothing.
 */
export class RowsSnapshots {
  private last: RowsBuild | null = null
  private building: Promise<RowsBuild | null> | null = null
  /** Builds made: one per cursor served, not one per desktop. */
  builds = 0

  constructor(
    private readonly path: string,
    private readonly key: Buffer | null,
    private readonly onError: (error: unknown) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a build was ever asked for (the hub makes its first once its first read is done). */
  get started(): boolean {
    return this.last !== null || this.building !== null
  }

  /** The build to serve for a store whose head is `epoch:seq`, or null; starts one when due. */
  current(epoch: string, seq: number): RowsBuild | null {
    const last = this.last && this.last.epoch === epoch ? this.last : null
    const due = !last || (last.seq !== seq && this.now() - last.builtAt >= REUSE_MS)
    if (due && !this.building) {
      this.building = build(this.path, this.key, this.now())
        .then((made) => {
          this.builds += 1
          this.last = made
          return made
        })
        .catch((error: unknown) => {
          this.onError(error)
          return null
        })
        .finally(() => (this.building = null))
    }
    return last
  }

  /** The build in progress, if any (tests wait on it). */
  settled(): Promise<RowsBuild | null> {
    return this.building ?? Promise.resolve(this.last)
  }
}

/** Sends a build (already gzip'd) to one desktop, waiting on its socket, never on others. */
export async function sendRowsBuild(
  res: ServerResponse,
  made: RowsBuild,
  headers: Record<string, string>,
): Promise<void> {
  res.writeHead(200, {
    ...headers,
    'content-type': 'application/x-ndjson; charset=utf-8',
    'content-encoding': 'gzip',
    'content-length': String(made.bytes),
  })
  let aborted = false
  res.on('close', () => (aborted = true))
  for (const chunk of made.chunks) {
    if (aborted) return
    if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')])
  }
  res.end()
}
