/** What the data handlers share: the core context, the cache, the API client and the sync. */
import type { CoreContext } from '../core-context'
import type { SyncEngine } from '../sync/sync-engine'
import type { AlertBook } from '../sync/alerts'
import { serverNow } from '../../../shared/domain/server-time'
import type { ApiHolder } from './api-holder'
import type { CacheHolder } from './cache-holder'
import type { QueryContext } from './cache-port'
import { AppError } from '../../../shared/domain/errors'
import type { ApiClient } from '../api/index'

export interface ServiceDeps {
  ctx: CoreContext
  cache: CacheHolder
  api: ApiHolder
  sync: SyncEngine
  alerts: AlertBook
}

export function queryContext(deps: ServiceDeps): QueryContext {
  const settings = deps.ctx.settings.get()
  return { meId: settings.me?.id ?? null, now: serverNow(settings.serverTimeZone) }
}

/** The client, or a clear error when the agent has not connected yet. */
export function requireApi(deps: ServiceDeps): ApiClient {
  const client = deps.api.get()
  if (!client)
    throw new AppError({ code: 'not_configured', message: 'Connect to the ticket API first' })
  return client
}
