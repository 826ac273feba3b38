/**
 * Placeholder for the handlers that need the API client, the cache and the sync engine. They
 * answer with a clear error until those land; this file is replaced, not extended.
 */
import type { Handlers } from '../../../shared/contract/contract'
import { AppError } from '../../../shared/domain/errors'
import type { CoreContext } from '../core-context'

type PendingChannels = Exclude<
  keyof Handlers,
  'app:info' | 'settings:get' | 'settings:update' | 'views:list' | 'views:save' | 'views:delete'
>

export function createPendingHandlers(_ctx: CoreContext): Pick<Handlers, PendingChannels> {
  const pending = (): never => {
    throw new AppError({ code: 'cache_unavailable', message: 'The cache is not available yet' })
  }
  return {
    'connection:test': pending,
    'connection:connect': pending,
    'connection:signOut': pending,
    'employees:search': pending,
    'employees:get': pending,
    'lookups:get': pending,
    'tickets:query': pending,
    'tickets:counts': pending,
    'tickets:get': pending,
    'tickets:create': pending,
    'tickets:update': pending,
    'tickets:delete': pending,
    'contacts:search': pending,
    'sync:status': () => ({
      state: 'not_configured',
      lastSyncAt: null,
      progress: null,
      error: null,
    }),
    'sync:now': pending,
    'sync:cancel': pending,
  }
}
