/** The agent's settings: no network, no cache. */
import type { Settings } from '../../../shared/contract/contract'
import type { HandlersOf, ServiceDeps } from './service-deps'

/** The settings as the screens see them: the token only as "there is one". */
export function currentSettings(deps: Pick<ServiceDeps, 'settings' | 'secrets'>): Settings {
  const s = deps.settings.get()
  return {
    apiUrl: s.apiUrl,
    allowInsecureApi: s.allowInsecureApi,
    hasToken: Boolean(deps.secrets.get()),
    me: s.me,
    syncIntervalSec: s.syncIntervalSec,
    language: s.language,
    theme: s.theme,
    serverTimeZone: s.serverTimeZone,
    notifications: s.notifications,
    hubUrl: s.hubUrl,
  }
}

export function createSettingsHandlers(deps: ServiceDeps): HandlersOf<'settings'> {
  return {
    'settings:get': () => currentSettings(deps),
    'settings:update': (patch) => {
      const before = deps.settings.get()
      deps.settings.update(patch)
      // The sync's schedule depends on the interval and on who "mine" is.
      const intervalChanged =
        patch.syncIntervalSec !== undefined && patch.syncIntervalSec !== before.syncIntervalSec
      const meChanged = patch.me !== undefined && patch.me?.id !== before.me?.id
      // Another identity: the old one's alerts go, and what is already true for the new one
      // (its overdue tickets, say) is not raised as news.
      if (meChanged) deps.alerts.adoptIdentity()
      if (intervalChanged || meChanged) deps.sync.reschedule()
      if (patch.hubUrl !== undefined) void deps.hub.refresh()
      return currentSettings(deps)
    },
  }
}
