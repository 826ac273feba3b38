/** Connecting to the ticket API and signing out. */
import { AppError } from '../../../shared/domain/errors'
import { assertSecureAddress, normalizeApiBase } from '../api/normalize-base'
import type { HandlersOf, ServiceDeps } from './service-deps'
import { currentSettings } from './settings-handlers'

export function createConnectionHandlers(deps: ServiceDeps): HandlersOf<'connection'> {
  const { settings, secrets, events, cache, sync, outbox } = deps
  /** Edits not on the server yet belong to this connection: never dropped unasked. */
  const refuseWhileWaiting = (what: string): void => {
    const { waiting } = outbox.store.count()
    if (waiting > 0)
      throw new AppError({
        code: 'edits_waiting',
        message: `${waiting} edit(s) are not on the server yet: send or discard them before ${what}`,
        fields: { waiting: [String(waiting)] },
      })
  }
  return {
    'connection:test': async ({ apiUrl, token, allowInsecure }) => {
      assertSecureAddress(apiUrl, allowInsecure ?? false)
      const client = deps.api.probe(apiUrl, token || null)
      const employees = await client.listEmployees({ page: 1, per_page: 1 })
      const tickets = await client.searchTickets({ page: 1, per_page: 1 })
      return { employees: employees.meta.total, tickets: tickets.meta.total }
    },
    'connection:connect': ({ apiUrl, token, allowInsecure }) => {
      assertSecureAddress(apiUrl, allowInsecure ?? false)
      const before = settings.get().apiUrl
      const sameServer = before !== null && normalizeApiBase(before) === normalizeApiBase(apiUrl)
      sync.cancel()
      if (!sameServer) {
        refuseWhileWaiting('connecting to another server')
        // The cache, "who I am" and the forms' drafts (its tickets' ids) belong to the previous
        // server.
        cache.clear()
        outbox.store.clearAllDrafts()
        sync.resetSweep()
        settings.update({ me: null })
        events.emit('tickets:changed', { reason: 'reset' })
      }
      // A token stored for another address is dropped by the secret store itself.
      settings.update({ apiUrl: apiUrl.trim(), allowInsecureApi: allowInsecure ?? false })
      if (token !== undefined) secrets.set(token || null)
      sync.reschedule({ allNow: true })
      void deps.hub.refresh({ restart: true })
      return currentSettings(deps)
    },
    'connection:signOut': ({ discardEdits }) => {
      if (discardEdits) outbox.discardAll()
      refuseWhileWaiting('signing out')
      sync.cancel()
      sync.resetSweep()
      secrets.set(null)
      settings.update({ apiUrl: null, allowInsecureApi: false, me: null })
      // What was typed and never saved goes with the rest: the next agent on this PC is someone
      // else, and the data must go.
      cache.clear()
      outbox.store.clearAllDrafts()
      sync.reschedule()
      void deps.hub.refresh()
      events.emit('tickets:changed', { reason: 'reset' })
      events.emit('outbox:changed', outbox.summary())
      return currentSettings(deps)
    },
  }
}
