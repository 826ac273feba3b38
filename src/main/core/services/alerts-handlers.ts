/** Alerts not opened yet, and "the agent opened this ticket". */
import type { HandlersOf, ServiceDeps } from './service-deps'

export function createAlertsHandlers(deps: ServiceDeps): HandlersOf<'alerts'> {
  return {
    'alerts:list': () => deps.alerts.active(),
    'alerts:seen': ({ ticketId }) => deps.alerts.seen(ticketId),
  }
}
