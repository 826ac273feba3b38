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
import { syncCachePort } from './services/sync-cache-port'
import { silentLogger } from './logger'
import { createAppHandlers } from './services/app-handlers'
import { ApiHolder } from './services/api-holder'
import { CacheHolder } from './services/cache-holder'
import { createConnectionHandlers } from './services/connection-handlers'
import { createTicketHandlers } from './services/ticket-handlers'
import { SettingsStore } from './settings/settings-store'
import { SyncEngine } from './sync/sync-engine'
import { ALERT_STATE_KEY, AlertBook } from './sync/alerts'
import { serverNow } from '../../shared/domain/server-time'

/** What a transport needs of the core, in-process or in a worker thread. */
export interface CoreEndpoint {
  /** Validates the input, runs the handler and wraps the result: what every transport calls. */
  call(channel: string, input: unknown): Promise<Envelope<unknown>>
  subscribe(listener: EventListener): () => void
  close(): Promise<void>
}

export interface Core extends CoreEndpoint {
  readonly handlers: Handlers
  /** Typed in-process call for tests and the CLI. */
  invoke<C extends Channel>(channel: C, input: InputOf<C>): Promise<Envelope<unknown>>
  /** The event bus itself, for shells that raise events of their own. */
  readonly events: EventBus
  /** The sync engine (the CLI runs one sync and reads its summary). */
  readonly sync: SyncEngine
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
  const ctx: CoreContext = {
    options,
    settings,
    secrets: options.secrets,
    events,
    logger,
    notices: [],
  }

  const cache = new CacheHolder({
    path: options.dbPath ?? (options.dataDir ? join(options.dataDir, 'cache.sqlite') : ':memory:'),
    logger,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    onRebuilt: (movedTo) => {
      const notice = { kind: 'cache_rebuilt' as const, detail: movedTo }
      ctx.notices.push(notice)
      events.emit('app:notice', notice)
      events.emit('tickets:changed', { reason: 'reset' })
      sync.resetSweep()
      sync.reschedule({ fullNow: true })
    },
  })
  const api = new ApiHolder(
    () => settings.get().apiUrl,
    () => options.secrets.get(),
    logger,
    (wait) => sync.noteRetryWait(wait),
  )
  const alerts = new AlertBook({
    getState: () => cache.current()?.getState(ALERT_STATE_KEY),
    setState: (value) => cache.current()?.setState(ALERT_STATE_KEY, value),
    meId: () => settings.get().me?.id ?? null,
    serverNow: () => serverNow(settings.get().serverTimeZone),
    now: () => new Date(),
    hasBaseline: () => sync.status().lastSyncAt !== null,
    emit: (raised) => events.emit('alerts:raised', { alerts: raised }),
  })
  const sync: SyncEngine = new SyncEngine({
    api: () => api.get(),
    cache: () => {
      const open = cache.current()
      return open ? syncCachePort(open) : null
    },
    meId: () => settings.get().me?.id ?? null,
    intervalMs: () => settings.get().syncIntervalSec * 1000,
    logger,
    onStatus: (status) => events.emit('sync:status', status),
    onTicketsChanged: () => events.emit('tickets:changed', { reason: 'sync' }),
    observeTickets: (tickets, cachedOf) => alerts.observe(tickets, cachedOf),
    ...(options.mineRefreshMs ? { mineRefreshMs: options.mineRefreshMs } : {}),
  })
  ctx.onSettingsChanged = () => sync.reschedule()
  cache.get()
  sync.refreshIdleState()

  const deps = { ctx, cache, api, sync, alerts }
  const handlers: Handlers = {
    ...createAppHandlers(ctx),
    ...createTicketHandlers(deps),
    ...createConnectionHandlers(deps),
  }
  if (options.autoSync !== false) sync.start()

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
    sync,
    close: async () => {
      sync.stop()
      cache.close()
    },
  }
}
