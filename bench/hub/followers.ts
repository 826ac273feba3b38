/**
 * Light simulated desktops for the hub bench: each follows the hub's live stream with the core's
 * own stream reader (its token, its desktop id, reconnecting when the hub says when) and records
 * when each bench change arrived. A change is recognised by the marker the bench wrote into the
 * ticket (`bench#N` in its subject or status memo), never by the ticket id alone: the hub's tiers
 * publish other changes of the same tickets (a re-read that differs from the listing's copy), and
 * taking the first change of an id for the bench's own change is what made earlier timings wrong.
 */
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { HubError, HubHttp, openStream } from '../../src/main/core'
import type { Change } from '../../src/shared/hub/protocol'

export const MARKER = /bench#(\d+)/

/** The bench change a feed change carries, if any. */
export function markerOf(change: Change): number | null {
  if (change.kind !== 'ticket') return null
  const t = change.ticket as { subject?: unknown; status_memo?: unknown }
  const m = MARKER.exec(`${String(t.subject ?? '')} ${String(t.status_memo ?? '')}`)
  return m ? Number(m[1]) : null
}

export interface Follower {
  /** Bench change number → arrival (performance.now()). */
  arrivals: Map<number, number>
  connected: boolean
  cursor: string | null
  http: HubHttp
  close(): void
}

export function follow(hubUrl: string, token: string, startCursor: string): Follower {
  const http = new HubHttp({ baseUrl: hubUrl, token: () => token })
  const desktopId = randomUUID()
  let stream: { close(): void } | null = null
  let closed = false
  const f: Follower = {
    arrivals: new Map(),
    connected: false,
    cursor: startCursor,
    http,
    close: () => {
      closed = true
      stream?.close()
      http.closeAll()
    },
  }
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
  void (async () => {
    while (!closed) {
      try {
        const open = await openStream(http, f.cursor ?? startCursor, desktopId, {
          change: (change, cursor) => {
            f.cursor = cursor
            const n = markerOf(change)
            if (n !== null && !f.arrivals.has(n)) f.arrivals.set(n, performance.now())
          },
          presence: () => undefined,
        })
        stream = open
        f.connected = true
        await open.done
      } catch (error) {
        // The hub paces its vendor checks of new tokens and limits streams: come back when it
        // says, as a desktop does.
        const wait = error instanceof HubError ? (error.retryAfterMs ?? 2_000) : 2_000
        if (!closed) await sleep(wait)
      } finally {
        f.connected = false
      }
    }
  })()
  return f
}
