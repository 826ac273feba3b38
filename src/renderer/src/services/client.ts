/**
 * The renderer's only way to the main process. It wraps a transport (the preload's `window.api`
 * in the desktop app, HTTP + server-sent events in the browser host) in typed calls that resolve
 * with the result or throw an AppError carrying the code, field messages and wait.
 */
import type {
  Channel,
  Envelope,
  EventName,
  EventPayload,
  InputOf,
  OutputOf,
} from '../../../shared/contract/contract'
import { AppError } from '../../../shared/domain/app-error'

export interface Transport {
  invoke(channel: Channel, input: unknown): Promise<Envelope<unknown>>
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void
}

export interface ApiClient {
  call<C extends Channel>(
    channel: C,
    ...input: undefined extends InputOf<C> ? [input?: InputOf<C>] : [input: InputOf<C>]
  ): Promise<OutputOf<C>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /** Calls `listener` with every failed call's error (the shell notices "offline" from them). */
  onError(listener: (error: AppError) => void): () => void
}

export function createClient(transport: Transport): ApiClient {
  const errorListeners = new Set<(error: AppError) => void>()
  return {
    async call(channel, ...rest) {
      const envelope = await transport.invoke(channel, rest[0] ?? {})
      if (envelope.ok) return envelope.value as never
      const error = new AppError(envelope.error)
      errorListeners.forEach((listener) => listener(error))
      throw error
    },
    onError(listener) {
      errorListeners.add(listener)
      return () => errorListeners.delete(listener)
    },
    on(event, listener) {
      return transport.subscribe(event, listener as (payload: unknown) => void)
    },
  }
}
