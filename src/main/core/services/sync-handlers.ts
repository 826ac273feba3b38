/** The sync controls: its state, "sync now", cancel, and pause/resume for the shell's power events. */
import type { HandlersOf, ServiceDeps } from './service-deps'

export function createSyncHandlers({ sync, hub }: ServiceDeps): HandlersOf<'sync'> {
  return {
    'sync:status': () => ({ ...sync.status(), hub: hub.status() }),
    'sync:now': () => ({ started: sync.syncNow().started }),
    'sync:cancel': () => ({ cancelled: sync.cancel() }),
    'sync:pause': ({ reason }) => {
      sync.pause(reason)
      return { paused: sync.isPaused() }
    },
    'sync:resume': ({ reason }) => {
      sync.resume(reason)
      return { paused: sync.isPaused() }
    },
  }
}
