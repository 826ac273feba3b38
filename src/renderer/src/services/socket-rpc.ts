/**
 * The browser host's calls over one WebSocket: a message's round trip in Chromium is ~1 ms where
 * a fetch POST takes ~7 ms (and ~8 ms of the page's main thread). It opens after the first call
 * answered over HTTP, with a single-use ticket from an authenticated POST (the secret stays in
 * headers); until it is open, and while it is closed, calls go over HTTP. A call in flight when
 * the socket drops answers `offline`, as a failed fetch does: it is not sent twice.
 */
import type { Channel, Envelope } from '../../../shared/contract/contract'
import { hostTicket } from './host-ticket'

/** What a call answers when the host cannot be reached, over the socket or HTTP alike. */
export const OFFLINE: Envelope<unknown> = {
  ok: false,
  error: { code: 'offline', message: 'The Agent Console host is not answering' },
}

export interface SocketRpc {
  /** The call's answer over the socket, or null when it is not open (use HTTP). */
  call(channel: Channel, input: unknown): Promise<Envelope<unknown>> | null
  /** Opens the socket if it is not open or opening and no retry is waiting. */
  open(): void
}

export function createSocketRpc(
  baseUrl: string,
  secret: string,
  // A parameter so that tests in Node (without a global WebSocket) can give one.
  WebSocketImpl: typeof WebSocket = WebSocket,
): SocketRpc {
  let socket: WebSocket | null = null
  let opening = false
  let retryAt = 0
  let retryMs = 1_000
  let nextId = 0
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>()

  function closed(): void {
    socket = null
    for (const answer of pending.values()) answer(OFFLINE)
    pending.clear()
    retryAt = Date.now() + retryMs
    retryMs = Math.min(retryMs * 2, 30_000)
  }

  async function connect(): Promise<void> {
    opening = true
    try {
      const ticket = await hostTicket(baseUrl, '/socket/ticket', secret)
      const ws = new WebSocketImpl(
        `${baseUrl.replace(/^http/, 'ws')}/socket?ticket=${encodeURIComponent(ticket)}`,
      )
      socket = ws
      ws.onopen = () => (retryMs = 1_000)
      ws.onmessage = (message: MessageEvent<unknown>) => {
        try {
          const { id, envelope } = JSON.parse(String(message.data)) as {
            id: number
            envelope: Envelope<unknown>
          }
          pending.get(id)?.(envelope)
          pending.delete(id)
        } catch {
          // Not an answer of ours: its call, if any, ends with the socket.
        }
      }
      ws.onclose = () => {
        if (socket === ws) closed()
      }
    } catch {
      closed()
    } finally {
      opening = false
    }
  }

  return {
    call(channel, input) {
      const ws = socket
      if (ws?.readyState !== WebSocketImpl.OPEN) return null
      const id = nextId++
      return new Promise((resolve) => {
        pending.set(id, resolve)
        ws.send(JSON.stringify({ id, channel, input: input ?? {} }))
      })
    },
    open() {
      if (socket || opening || Date.now() < retryAt) return
      void connect()
    },
  }
}
