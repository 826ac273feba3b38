/**
 * The one dependency object every handler factory is given: what the core built, each once.
 * Handlers call the sync directly (e.g. settings that change its schedule), so nothing is
 * patched in after construction.
 */
import type { Channel, Handlers, Notice } from '../../../shared/contract/contract'
import { AppError } from '../../../shared/domain/errors'
import { serverNow } from '../../../shared/domain/server-time'
import type { VendorClient } from '../api/index'
import type { CoreOptions } from '../core-options'
import type { QueryContext } from '../../../shared/domain/views'
import type { TicketCacheReader, TicketCacheWriter } from '../db/cache-interfaces'
import type { EventBus } from '../events/event-bus'
import type { HubHolder } from '../hub-client'
import type { Logger } from '../logger'
import type { Outbox } from '../outbox/outbox'
import type { SecretStore } from '../settings/secret-store'
import type { SettingsStore } from '../settings/settings-store'
import type { AlertBook } from '../sync/alerts'
import type { SyncEngine } from '../sync/sync-engine'
import type { TemplateStore } from '../templates/template-store'
import type { ApiHolder } from './api-holder'

export interface ServiceDeps {
  options: CoreOptions
  settings: SettingsStore
  secrets: SecretStore
  events: EventBus
  logger: Logger
  /** Notices not yet collected by the screens (handed out once by app:notices). */
  notices: Notice[]
  cache: TicketCacheReader & TicketCacheWriter
  api: ApiHolder
  sync: SyncEngine
  alerts: AlertBook
  /** Every write goes through it; it lives in its own file, never cleared with the cache. */
  outbox: Outbox
  /** The agent's text templates, in their own file: never cleared with the cache. */
  templates: TemplateStore
  /** The link to the team hub, when one is configured. */
  hub: HubHolder
}

/** The handlers of one contract domain, e.g. `HandlersOf<'tickets'>` for every `tickets:*`. */
export type HandlersOf<Domain extends string> = Pick<
  Handlers,
  Extract<Channel, `${Domain}:${string}`>
>

/** Who "mine" is and the server's now, for the queue's views. */
export function queryContext(deps: Pick<ServiceDeps, 'settings'>): QueryContext {
  const settings = deps.settings.get()
  return { meId: settings.me?.id ?? null, now: serverNow(settings.serverTimeZone) }
}

/** The client, or a clear error when the agent has not connected yet. */
export function requireApi(deps: Pick<ServiceDeps, 'api'>): VendorClient {
  const client = deps.api.get()
  if (!client)
    throw new AppError({ code: 'not_configured', message: 'Connect to the ticket API first' })
  return client
}
