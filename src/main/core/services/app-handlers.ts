/** Handlers for app info, settings and saved views: no network, no cache. */
import type { Handlers, Settings } from '../../../shared/contract/contract'
import type { CoreContext } from '../core-context'

type AppHandlers = Pick<
  Handlers,
  | 'app:info'
  | 'app:notices'
  | 'settings:get'
  | 'settings:update'
  | 'views:list'
  | 'views:save'
  | 'views:delete'
>

export function currentSettings(ctx: CoreContext): Settings {
  const s = ctx.settings.get()
  return {
    apiUrl: s.apiUrl,
    hasToken: Boolean(ctx.secrets.get()),
    me: s.me,
    syncIntervalSec: s.syncIntervalSec,
    language: s.language,
    theme: s.theme,
    serverTimeZone: s.serverTimeZone,
    notifications: s.notifications,
  }
}

export function createAppHandlers(ctx: CoreContext): AppHandlers {
  return {
    'app:info': () => ({
      name: 'Agent Console',
      version: ctx.options.version,
      host: ctx.options.host === 'desktop' ? 'desktop' : 'web',
      platform: process.platform,
    }),
    'app:notices': () => ctx.notices.splice(0),
    'settings:get': () => currentSettings(ctx),
    'settings:update': (patch) => {
      const before = ctx.settings.get()
      ctx.settings.update(patch)
      // The sync's schedule depends on the interval and on who "mine" is.
      const intervalChanged =
        patch.syncIntervalSec !== undefined && patch.syncIntervalSec !== before.syncIntervalSec
      const meChanged = patch.me !== undefined && patch.me?.id !== before.me?.id
      if (intervalChanged || meChanged) ctx.onSettingsChanged?.()
      return currentSettings(ctx)
    },
    'views:list': () => ctx.settings.get().savedViews,
    'views:save': (view) => ctx.settings.saveView(view),
    'views:delete': ({ id }) => ctx.settings.deleteView(id),
  }
}
