/** The team hub's part of the contract: presence, colleagues and a ticket's history. */
import type { HandlersOf, ServiceDeps } from './service-deps'

export function createHubHandlers({ hub }: ServiceDeps): HandlersOf<'hub'> {
  return {
    'hub:presence': ({ ticketId, editing }) => hub.setPresence(ticketId, editing),
    'hub:colleagues': () => hub.colleagues(),
    'hub:history': async ({ id }) => ({ ticketId: id, ...(await hub.history(id)) }),
  }
}
