/** The sync controls: its state, "sync now" and cancel. */
import type { HandlersOf, ServiceDeps } from './service-deps'

export function createSyncHandlers({ sync }: ServiceDeps): HandlersOf<'sync'> {
  return {
    'sync:status': () => sync.status(),
    'sync:now': () => ({ started: sync.syncNow().started }),
    'sync:cancel': () => ({ cancelled: sync.cancel() }),
  }
}
