/**
 * The live feed: server-sent events to every connected desktop. One pump follows the change log's
 * head; each change is read and serialized once per pump however many desktops wait for it, and
 * a desktop that cannot keep up (its unsent bytes pile up) is dropped: it reconnects with
 * Last-Event-ID and resumes from its cursor.
 */
import type { ServerResponse } from 'node:http'
import { snapshotSource } from '../main/core/db/ticket-doc'
import type { Db } from '../main/core/db/open-database'
import {
  formatCursor,
  HUB_LIMITS,
  HUB_STREAM_EVENTS,
  type PresencePicture,
} from '../shared/hub/protocol'
import { changesAfter, epochOf, headSeq, prunedThrough } from './change-log'
import { toChange } from './feed'
import { BASE_HEADERS } from './http-util'

/** Unsent bytes a slow desktop may have waiting before it is dropped. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024
const PUMP_BATCH = 500

interface Client {
  res: ServerResponse
  epoch: string
  seq: number
  owner: string
  desktopId: string | null
}

export interface StreamsOptions {
  db: () => Db
  timeZone: string
  pumpMs?: number
  pingMs?: number
  onClose?: (client: { owner: string; desktopId: string | null }) => void
}

export class Streams {
  private readonly clients = new Set<Client>()
  private pumpTimer: ReturnType<typeof setInterval> | null = null
  private pingTimer: ReturnType<typeof setInterval> | null = null
  /** Events written to desktops (the fan-out's work). */
  sent = 0

  constructor(private readonly options: StreamsOptions) {}

  start(): void {
    this.pumpTimer = setInterval(() => this.pump(), this.options.pumpMs ?? 200)
    this.pingTimer = setInterval(() => this.ping(), this.options.pingMs ?? HUB_LIMITS.streamPingMs)
    this.pumpTimer.unref()
    this.pingTimer.unref()
  }

  stop(): void {
    if (this.pumpTimer) clearInterval(this.pumpTimer)
    if (this.pingTimer) clearInterval(this.pingTimer)
    for (const client of [...this.clients]) client.res.end()
    this.clients.clear()
  }

  get size(): number {
    return this.clients.size
  }

  countFor(owner: string): number {
    let n = 0
    for (const c of this.clients) if (c.owner === owner) n++
    return n
  }

  /** Opens an event stream at `seq` (already checked servable), starting with the presence. */
  open(
    res: ServerResponse,
    epoch: string,
    seq: number,
    owner: string,
    desktopId: string | null,
    presence: PresencePicture,
  ): void {
    res.writeHead(200, {
      ...BASE_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    })
    res.flushHeaders()
    const client: Client = { res, epoch, seq, owner, desktopId }
    this.clients.add(client)
    res.on('close', () => {
      if (this.clients.delete(client)) this.options.onClose?.({ owner, desktopId })
    })
    this.write(client, event(HUB_STREAM_EVENTS.presence, presence))
    this.pump()
  }

  /** Answers a stream that cannot resume with `reset` and closes it. */
  reset(res: ServerResponse): void {
    res.writeHead(200, { ...BASE_HEADERS, 'content-type': 'text/event-stream; charset=utf-8' })
    res.end(event(HUB_STREAM_EVENTS.reset, { code: 'snapshot_required' }))
  }

  presence(picture: PresencePicture): void {
    const text = event(HUB_STREAM_EVENTS.presence, picture)
    for (const client of this.clients) this.write(client, text)
  }

  private ping(): void {
    for (const client of this.clients) this.write(client, ': ping\n\n')
  }

  private write(client: Client, text: string): void {
    if (client.res.writableLength > MAX_BUFFERED_BYTES) {
      client.res.destroy()
      return
    }
    client.res.write(text)
    this.sent += 1
  }

  /** Sends every client the changes after its seq; a client on a pruned or rebuilt log resets. */
  pump(): void {
    if (this.clients.size === 0) return
    const db = this.options.db()
    const head = headSeq(db)
    const epoch = epochOf(db)
    const floor = prunedThrough(db)
    const source = snapshotSource(db)
    // Each batch once per distinct cursor: most desktops wait at the head together.
    const texts = new Map<number, { text: string; seq: number }[]>()
    const batchAfter = (seq: number): { text: string; seq: number }[] => {
      let batch = texts.get(seq)
      if (!batch) {
        batch = changesAfter(db, seq, PUMP_BATCH).map((row) => ({
          seq: row.seq,
          text: event(
            HUB_STREAM_EVENTS.change,
            toChange(row, source, this.options.timeZone),
            formatCursor({ epoch, seq: row.seq }),
          ),
        }))
        texts.set(seq, batch)
      }
      return batch
    }
    for (const client of [...this.clients]) {
      if (client.epoch !== epoch || client.seq < floor || client.seq > head) {
        this.clients.delete(client)
        client.res.end(event(HUB_STREAM_EVENTS.reset, { code: 'snapshot_required' }))
        continue
      }
      while (client.seq < head && !client.res.destroyed) {
        const batch = batchAfter(client.seq)
        if (batch.length === 0) break
        for (const item of batch) this.write(client, item.text)
        client.seq = batch.at(-1)?.seq ?? head
        if (client.res.writableLength > MAX_BUFFERED_BYTES / 2) break
      }
    }
  }
}

function event(name: string, data: unknown, id?: string): string {
  return `event: ${name}\n${id ? `id: ${id}\n` : ''}data: ${JSON.stringify(data)}\n\n`
}
