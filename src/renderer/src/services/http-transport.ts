/**
 * Transport for the browser host: calls over one WebSocket once it is open (POST /rpc/<channel>
 * with the per-start secret in a header until then), and the contract's events over one
 * server-sent-events stream. A network failure becomes an `offline` error envelope, so the
 * screens handle it like any other error.
 */
import type { Channel, Envelope, EventName } from '../../../shared/contract/contract'
import type { Transport } from './client'
import { hostTicket, SECRET_HEADER } from './host-ticket'
import { createSocketRpc, OFFLINE } from './socket-rpc'

export function createHttpTransport(
  baseUrl: string,
  secret: string,
  WebSocketImpl: typeof WebSocket = WebSocket,
): Transport {
  const socket = createSocketRpc(baseUrl, secret, WebSocketImpl)
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  let source: EventSource | null = null
  let opening = false
  let retryMs = 1_000

  // The secret stays in headers: the stream (a plain GET) is opened with a single-use ticket
  // fetched by an authenticated POST, and a fresh one is fetched for every reconnect.
  async function openStream(): Promise<void> {
    if (source || opening) return
    opening = true
    try {
      const ticket = await hostTicket(baseUrl, '/events/ticket', secret)
      source = new EventSource(`${baseUrl}/events?ticket=${encodeURIComponent(ticket)}`)
      source.onopen = () => (retryMs = 1_000)
      source.onmessage = (message: MessageEvent<string>) => {
        try {
          const { event, payload } = JSON.parse(message.data) as {
            event: EventName
            payload: unknown
          }
          listeners.get(event)?.forEach((listener) => listener(payload))
        } catch {
          // Ignore a malformed frame; the next status event brings the screens up to date.
        }
      }
      source.onerror = () => {
        // EventSource would retry with the used ticket: close it and start over with a new one.
        source?.close()
        source = null
        reconnectLater()
      }
    } catch {
      reconnectLater()
    } finally {
      opening = false
    }
  }

  function reconnectLater(): void {
    setTimeout(() => void openStream(), retryMs)
    retryMs = Math.min(retryMs * 2, 30_000)
  }

  return {
    async invoke(channel: Channel, input: unknown): Promise<Envelope<unknown>> {
      const overSocket = socket.call(channel, input)
      if (overSocket) return overSocket
      try {
        const response = await fetch(`${baseUrl}/rpc/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret },
          body: JSON.stringify(input ?? {}),
        })
        const envelope = (await response.json()) as Envelope<unknown>
        // The host answers: the socket opens now, after this call (not beside the first ones).
        socket.open()
        return envelope
      } catch {
        return OFFLINE
      }
    },
    // The file is fetched by the browser itself (its download bar, straight to disk), with a
    // single-use ticket: an anchor cannot carry the secret header.
    async download(file) {
      const ticket = await hostTicket(baseUrl, '/export/ticket', secret, file)
      const link = document.createElement('a')
      link.href = `${baseUrl}/export/file?ticket=${encodeURIComponent(ticket)}`
      link.download = file.fileName
      link.rel = 'noopener'
      document.body.append(link)
      link.click()
      link.remove()
    },
    subscribe(event, listener) {
      void openStream()
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
  }
}
