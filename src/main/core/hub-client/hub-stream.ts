/**
 * Reads the hub's live stream (server-sent events) with eventsource-parser, a small, widely used
 * parser of the SSE format, over our own request: the browser-style EventSource cannot send the
 * Authorization header, and our request counts its bytes like every other call to the hub.
 */
import { createParser } from 'eventsource-parser'
import {
  HUB_LIMITS,
  HUB_STREAM_EVENTS,
  changeSchema,
  presencePictureSchema,
  type Change,
  type PresencePicture,
} from '../../../shared/hub/protocol'
import { HubError, type HubHttp } from './hub-http'

export interface StreamHandlers {
  /** One change with the cursor just after it (the event id). */
  change(change: Change, cursor: string): void
  presence(picture: PresencePicture): void
}

export interface OpenStream {
  /** Settles when the stream ends: 'reset' when the hub asked for a new snapshot. */
  done: Promise<'reset' | 'closed'>
  close(): void
}

/** Opens `/stream` after `cursor`; resolves once the hub has answered 200. */
export async function openStream(
  http: HubHttp,
  cursor: string,
  desktopId: string,
  handlers: StreamHandlers,
): Promise<OpenStream> {
  const query = new URLSearchParams({ after: cursor, desktopId })
  // Silence longer than two pings means the connection is gone, even if TCP has not noticed.
  const res = await http.open('GET', `/stream?${query}`, { idleMs: HUB_LIMITS.streamPingMs * 2.5 })
  let reset = false
  let failure: Error | null = null
  const parser = createParser({
    onEvent: (event) => {
      if (failure || reset) return
      try {
        if (event.event === HUB_STREAM_EVENTS.change) {
          if (!event.id) throw new HubError('bad_response', 'A change event without its cursor')
          handlers.change(changeSchema.parse(JSON.parse(event.data)), event.id)
        } else if (event.event === HUB_STREAM_EVENTS.presence) {
          handlers.presence(presencePictureSchema.parse(JSON.parse(event.data)))
        } else if (event.event === HUB_STREAM_EVENTS.reset) {
          reset = true
          res.close()
        }
      } catch (error) {
        failure =
          error instanceof HubError
            ? error
            : new HubError('bad_response', "An event of the hub's stream is not protocol v1")
        res.close()
      }
    },
  })
  const done = (async (): Promise<'reset' | 'closed'> => {
    try {
      res.body.setEncoding('utf8')
      for await (const chunk of res.body) parser.feed(chunk as string)
    } catch (error) {
      if (!reset && !failure) throw new HubError('unreachable', (error as Error).message)
    }
    if (failure) throw failure
    return reset ? 'reset' : 'closed'
  })()
  return { done, close: () => res.close() }
}
