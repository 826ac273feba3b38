/**
 * Builds the core: settings, token store, events and every contract handler. It runs the same in
 * the Electron main process, the browser host, the CLI and the tests; it never imports electron.
 */
import { join } from 'node:path'
import type {
  Channel,
  Envelope,
  EventName,
  Handlers,
  InputOf,
} from '../../shared/contract/contract'
import { dispatch } from '../../shared/contract/dispatch'
import type { CoreContext, CoreOptions } from './core-context'
import { EventBus, type EventListener } from './events/event-bus'
import { silentLogger } from './logger'
import { createAppHandlers } from './services/app-handlers'
import { createPendingHandlers } from './services/pending-handlers'
import { SettingsStore } from './settings/settings-store'

export interface Core {
  readonly handlers: Handlers
  /** Validates the input, runs the handler and wraps the result: what every transport calls. */
  call(channel: string, input: unknown): Promise<Envelope<unknown>>
  /** Typed in-process call for tests and the CLI. */
  invoke<C extends Channel>(channel: C, input: InputOf<C>): Promise<Envelope<unknown>>
  subscribe(listener: EventListener): () => void
  /** The event bus itself, for shells that raise events of their own. */
  readonly events: EventBus
  close(): Promise<void>
}

export type { CoreOptions } from './core-context'
export type { EventName }

export async function createCore(options: CoreOptions): Promise<Core> {
  const logger = options.logger ?? silentLogger
  const settings = new SettingsStore(
    options.dataDir ? join(options.dataDir, 'settings.json') : null,
    logger,
  )
  if (options.connect) {
    settings.update({ apiUrl: options.connect.apiUrl })
    if (options.connect.token !== undefined) options.secrets.set(options.connect.token || null)
  }
  const events = new EventBus()
  const ctx: CoreContext = { options, settings, secrets: options.secrets, events, logger }

  const handlers: Handlers = {
    ...createAppHandlers(ctx),
    ...createPendingHandlers(ctx),
  }

  const call = (channel: string, input: unknown): Promise<Envelope<unknown>> =>
    dispatch(handlers, channel, input, {
      validateOutput: options.validateOutput ?? false,
      onInternalError: (ch, error) =>
        logger.error('handler failed', {
          channel: ch,
          error: error instanceof Error ? error.message : String(error),
        }),
    })

  return {
    handlers,
    call,
    invoke: (channel, input) => call(channel, input),
    subscribe: (listener) => events.subscribe(listener),
    events,
    close: async () => {},
  }
}
