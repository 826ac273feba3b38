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
  Notice,
} from '../../shared/contract/contract'
import { dispatch } from '../../shared/contract/dispatch'
import type { CoreOptions } from './core-options'
import { openCache } from './db/cache'
import { keyFilePath, resolveDatabaseKey } from './db/database-key'
import { privateDir } from './db/file-modes'
import { EventBus, type EventListener } from './events/event-bus'
import { HubHolder } from './hub-client'
import { silentLogger } from './logger'
import { ApiHolder } from './services/api-holder'
import { createAlertsHandlers } from './services/alerts-handlers'
import { createAppHandlers } from './services/app-handlers'
import { createConnectionHandlers } from './services/connection-handlers'
import { createHubHandlers } from './services/hub-handlers'
import { createLookupsHandlers } from './services/lookups-handlers'
import { createOutboxHandlers } from './services/outbox-handlers'
import { createTemplatesHandlers } from './services/templates-handlers'
import { openTemplates } from './templates/open-templates'
import { templatesPathFor } from './templates/template-store'
import { Outbox } from './outbox/outbox'
import { OutboxSender } from './outbox/outbox-sender'
import { guardKeyReplacement, openOutbox } from './outbox/open-outbox'
import { outboxPathFor } from './outbox/outbox-store'
import { createPeopleHandlers } from './services/people-handlers'
import type { ServiceDeps } from './services/service-deps'
import { createSettingsHandlers } from './services/settings-handlers'
import { createSyncHandlers } from './services/sync-handlers'
import { createTicketsHandlers } from './services/tickets-handlers'
import { createViewsHandlers } from './services/views-handlers'
import { isInsecureRemote } from '../../shared/domain/api-address'
import { createAddressBoundSecrets } from './settings/address-bound-token'
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
  readonly outbox: Outbox
}

export type { CoreOptions } from './core-options'
export type { EventName }

export async function createCore(options: CoreOptions): Promise<Core> {
  const logger = options.logger ?? silentLogger
  // Settings and the cache hold personal data: the folder is the owner's alone (made so if new).
  if (options.dataDir) privateDir(options.dataDir)
  const settings = new SettingsStore(
    options.dataDir ? join(options.dataDir, 'settings.json') : null,
    logger,
  )
  // The token is handed out only for the address it was given for.
  const secrets = createAddressBoundSecrets(options.secrets, () => settings.get().apiUrl, logger)
  if (options.connect) {
    settings.update({
      apiUrl: options.connect.apiUrl,
      allowInsecureApi: options.connect.allowInsecure ?? false,
    })
    if (options.connect.token !== undefined) secrets.set(options.connect.token || null)
  }
  if (options.hubUrl !== undefined) settings.update({ hubUrl: options.hubUrl || null })
  const events = new EventBus()
  const notices: Notice[] = []
  /** A damaged file was set aside and a fresh cache started: tell the screens; a sync refills it. */
  const announceRebuilt = (movedTo: string): void => {
    const notice = { kind: 'cache_rebuilt' as const, detail: movedTo }
    notices.push(notice)
    events.emit('app:notice', notice)
    events.emit('tickets:changed', { reason: 'reset' })
  }

  const cachePath =
    options.dbPath ?? (options.dataDir ? join(options.dataDir, 'cache.sqlite') : ':memory:')
  // The same key opens every SQLite file of the core (the cache; the outbox beside it).
  // Where that key is kept, for the message when it cannot open the waiting edits.
  const keyWhere = options.cacheKey ? 'safeStorage: cache-key.bin' : keyFilePath(cachePath)
  const discardWaitingEdits = options.discardWaitingEdits ?? false
  const dbKey = resolveDatabaseKey(cachePath, options.cacheKey, {
    logger,
    beforeReplace: (file) => guardKeyReplacement(cachePath, file, { discardWaitingEdits, logger }),
  })
  // Its own file beside the cache: a cache rebuilt or cleared never takes the agent's edits along.
  // Opened first: a key that cannot open the waiting edits stops here, naming them, before the
  // cache (a copy of the server) is found unreadable with that key and set aside.
  const outboxPath = outboxPathFor(cachePath)
  const opened = openOutbox(outboxPath, {
    key: dbKey,
    keyWhere,
    discardWaitingEdits,
    logger,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  })
  const outboxStore = opened.store
  const { cache, notice } = openCache(cachePath, {
    key: dbKey,
    logger,
    // Damage found later by a query: the cache has already replaced the file itself.
    onRebuilt: (n) => announceRebuilt(n.movedTo),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  })
  const api = new ApiHolder({
    apiUrl: () => {
      // An http:// address to another computer is used only with the agent's opt-in.
      const { apiUrl, allowInsecureApi } = settings.get()
      return apiUrl && (allowInsecureApi || !isInsecureRemote(apiUrl)) ? apiUrl : null
    },
    token: () => secrets.get(),
    logger,
    onRetryWait: (wait) => sync.noteRetryWait(wait),
  })
  const alerts = new AlertBook({
    getState: () => cache.getState(ALERT_STATE_KEY),
    setState: (value) => cache.setState(ALERT_STATE_KEY, value),
    meId: () => settings.get().me?.id ?? null,
    serverNow: () => serverNow(settings.get().serverTimeZone),
    now: () => new Date(),
    hasBaseline: () => sync.status().lastSyncAt !== null,
    emit: (raised) => events.emit('alerts:raised', { alerts: raised }),
  })
  const sender = new OutboxSender({
    store: outboxStore,
    api: () => api.forOutbox(),
    cache,
    logger,
    onChanged: ({ ticketIds }) => {
      events.emit('outbox:changed', outbox.summary())
      if (ticketIds.length > 0) events.emit('tickets:changed', { reason: 'save', ids: ticketIds })
    },
    // The agent's own writes never alert: noted before the request, acknowledged once applied.
    onSending: (ticketId) => alerts.noteOwnWrite(ticketId),
    onApplied: (ticket) => {
      alerts.acknowledge(ticket)
      // The hub re-reads it from the vendor and colleagues see it within seconds.
      hub.touched(ticket.id)
    },
    onDeleted: (ticketId) => hub.touched(ticketId),
    // A save tells the status bar whether the server is there, between syncs too.
    onSendOutcome: (error) => sync.noteWriteOutcome(error),
    ...(options.outboxRetry === false ? { autoRetry: false } : {}),
  })
  const outbox = new Outbox(outboxStore, sender, cache, (error) => {
    logger.error('the outbox file is damaged: the queue shows the cache alone', {
      error: error instanceof Error ? error.message : String(error),
    })
    const unreadable = { kind: 'outbox_unreadable' as const, detail: outboxPath }
    notices.push(unreadable)
    events.emit('app:notice', unreadable)
  })
  const hub: HubHolder = new HubHolder({
    url: () => {
      const { hubUrl, apiUrl, allowInsecureApi } = settings.get()
      // Its token is the agent's vendor token: no hub before the agent has connected, and an
      // http:// hub on another computer only with the same opt-in as the API's.
      if (!hubUrl || !apiUrl || !secrets.get()) return null
      return allowInsecureApi || !isInsecureRemote(hubUrl) ? hubUrl : null
    },
    token: () => secrets.get(),
    cache,
    // Called only once the link starts, after the engine exists.
    direct: {
      pause: (reason) => sync.pause(reason),
      resume: (reason) => sync.resume(reason),
      refreshIdleState: () => sync.refreshIdleState(),
    },
    serverTimeZone: () => settings.get().serverTimeZone,
    me: () => {
      const me = settings.get().me
      return me?.name ? { employeeId: me.id, name: me.name.slice(0, 60) } : null
    },
    logger,
    onSync: (state) => events.emit('sync:status', { ...sync.status(), hub: state }),
    onColleagues: (colleagues) => events.emit('hub:colleagues', colleagues),
    onApplied: ({ ids, changes }) => {
      events.emit('tickets:changed', { reason: 'sync', ...(ids.length ? { ids } : {}) })
      const shown = changes.flatMap((c) =>
        c.kind === 'lookups'
          ? []
          : [
              {
                ticketId: c.kind === 'ticket' ? c.ticket.id : c.id,
                kind: c.kind,
                at: c.at,
                by: c.by ?? null,
              },
            ],
      )
      if (shown.length > 0) events.emit('hub:changed', { changes: shown })
    },
    observeTickets: (tickets, cachedOf) => alerts.observe(tickets, cachedOf),
  })
  const sync: SyncEngine = new SyncEngine({
    // What waits is sent first, so the sync reads a server that has the agent's edits.
    beforeSync: () => outbox.drain(),
    api: () => api.get(),
    cache,
    meId: () => settings.get().me?.id ?? null,
    // The settings' interval is the hot tier's period (open and recent tickets); mine, the
    // daily sweep and the lookups keep their defaults (sync/sync-tiers.ts).
    tiers: () => ({ hotMs: settings.get().syncIntervalSec * 1000 }),
    serverTimeZone: () => settings.get().serverTimeZone,
    ...(options.syncClock ? { clock: options.syncClock } : {}),
    logger,
    onStatus: (status) => events.emit('sync:status', { ...status, hub: hub.status() }),
    onTicketsChanged: () => events.emit('tickets:changed', { reason: 'sync' }),
    observeTickets: (tickets, cachedOf) => alerts.observe(tickets, cachedOf),
  })
  // A rebuilt cache is empty: forget the paused sweep and refill it with a full sync soon.
  events.subscribe((name, payload) => {
    if (name === 'app:notice' && (payload as Notice).kind === 'cache_rebuilt') {
      sync.resetSweep()
      sync.reschedule({ allNow: true })
    }
  })
  if (notice) announceRebuilt(notice.movedTo)
  if (opened.notice) {
    // Damaged pages: what could be read is back in the outbox; the agent checks what waits.
    const salvaged = { kind: 'outbox_salvaged' as const, detail: opened.notice.movedTo }
    notices.push(salvaged)
    events.emit('app:notice', salvaged)
  }

  const templates = openTemplates(templatesPathFor(cachePath), {
    key: dbKey,
    logger,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  })

  const deps: ServiceDeps = {
    options,
    settings,
    secrets,
    events,
    logger,
    notices,
    cache,
    api,
    sync,
    alerts,
    outbox,
    hub,
    templates,
  }
  const handlers: Handlers = {
    ...createAppHandlers(deps),
    ...createSettingsHandlers(deps),
    ...createConnectionHandlers(deps),
    ...createPeopleHandlers(deps),
    ...createLookupsHandlers(deps),
    ...createTicketsHandlers(deps),
    ...createOutboxHandlers(deps),
    ...createViewsHandlers(deps),
    ...createSyncHandlers(deps),
    ...createAlertsHandlers(deps),
    ...createHubHandlers(deps),
    ...createTemplatesHandlers(deps),
  }
  if (options.autoSync !== false) {
    sync.start()
    // Following a configured hub pauses the direct sync before its first turn.
    void hub.refresh()
    // Edits left from the last run (offline, or the app closed mid-send) go out now.
    void outbox.drain().catch(() => undefined)
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
    sync,
    outbox,
    close: async () => {
      await hub.stop()
      // The run in flight is cancelled and lets go of the cache before the cache closes.
      await sync.stop()
      sender.stop()
      cache.close()
      outboxStore.close()
      templates.close()
    },
  }
}
