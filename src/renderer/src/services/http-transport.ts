/**
 * Transport for the browser host: POST /rpc/<channel> with the per-start secret in a header, and
 * the contract's events over one server-sent-events stream. A network failure becomes an
 * `offline` error envelope, so the screens handle it like any other error.
 */
import { type Channel, type Envelope, type EventName } from '../../../shared/contract/contract'
import type { Transport } from './client'

export const SECRET_HEADER = 'x-agent-console-secret'

export function createHttpTransport(baseUrl: string, secret: string): Transport {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  let source: EventSource | null = null

  function ensureStream(): void {
    if (source) return
    source = new EventSource(`${baseUrl}/events?secret=${encodeURIComponent(secret)}`)
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
  }

  return {
    async invoke(channel: Channel, input: unknown): Promise<Envelope<unknown>> {
      try {
        const response = await fetch(`${baseUrl}/rpc/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret },
          body: JSON.stringify(input ?? {}),
        })
        return (await response.json()) as Envelope<unknown>
      } catch {
        return {
          ok: false,
          error: { code: 'offline', message: 'The Agent Console host is not answering' },
        }
      }
    },
    subscribe(event, listener) {
      ensureStream()
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
  }
}
