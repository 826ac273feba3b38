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
import type { ExportFormat } from '../../../shared/contract/export-contract'
import { AppError } from '../../../shared/domain/app-error'

/** An export the core finished, to hand to the browser as a download. */
export interface ExportFile {
  id: string
  format: ExportFormat
  fileName: string
}

export interface Transport {
  invoke(channel: Channel, input: unknown): Promise<Envelope<unknown>>
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void
  /**
   * The browser host's download of a finished export; absent in the desktop app, whose shell
   * saves it where the agent chose.
   */
  download?(file: ExportFile): Promise<void>
}

export interface ApiClient {
  call<C extends Channel>(
    channel: C,
    ...input: undefined extends InputOf<C> ? [input?: InputOf<C>] : [input: InputOf<C>]
  ): Promise<OutputOf<C>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /** Calls `listener` with every failed call's error (the shell notices "offline" from them). */
  onError(listener: (error: AppError) => void): () => void
  /** Downloads a finished export (the browser host); false where the shell saved it already. */
  download(file: ExportFile): Promise<boolean>
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
    async download(file) {
      if (!transport.download) return false
      await transport.download(file)
      return true
    },
  }
}
