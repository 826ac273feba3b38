/**
 * The contract over one WebSocket per tab: `{ id, channel, input }` in, `{ id, envelope }` out.
 * Measured in Chromium against this host, a message's round trip is ~1 ms where a fetch POST
 * takes ~7 ms, and the page's main thread spends ~8 ms in each fetch call: a view change pays
 * that on every question. The socket is opened with a single-use ticket from an authenticated
 * POST, from our own origin only, exactly as the event stream is; POST /rpc/<channel> stays.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { z } from 'zod'
import type { CoreEndpoint } from '../main/core'

export const SOCKET_PATH = '/socket'
export const SOCKET_TICKET_PATH = '/socket/ticket'

/** One call: the id is the caller's, to match the answer; the core validates the input. */
const callSchema = z.strictObject({
  id: z.number().int().nonnegative(),
  channel: z.string().min(1).max(100),
  input: z.unknown(),
})

export interface RpcSockets {
  /** Takes over an authorized upgrade request. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void
  close(): void
}

/** Refuses an upgrade with a plain HTTP answer (the socket was never a WebSocket). */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`)
}

export function createRpcSockets(core: CoreEndpoint, maxPayload: number): RpcSockets {
  const server = new WebSocketServer({ noServer: true, maxPayload })

  function serve(ws: WebSocket): void {
    ws.on('message', (data: RawData, isBinary: boolean) => {
      let call: z.infer<typeof callSchema>
      try {
        const parsed = callSchema.safeParse(isBinary ? null : JSON.parse(String(data)))
        if (!parsed.success) throw new Error('not a call')
        call = parsed.data
      } catch {
        // A frame that is not a call has no id to answer: the client is not ours.
        ws.close(1008, 'Expected { id, channel, input }')
        return
      }
      void core
        .call(call.channel, call.input ?? {})
        .catch(() => ({ ok: false, error: { code: 'internal', message: 'Host error' } }))
        .then((envelope) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: call.id, envelope }))
        })
    })
  }

  return {
    accept(req, socket, head) {
      server.handleUpgrade(req, socket, head, serve)
    },
    close() {
      for (const ws of server.clients) ws.terminate()
      server.close()
    },
  }
}
