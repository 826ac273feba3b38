/** The agent's saved views (kept with the settings). */
import type { HandlersOf, ServiceDeps } from './service-deps'

export function createViewsHandlers(deps: ServiceDeps): HandlersOf<'views'> {
  return {
    'views:list': () => deps.settings.get().savedViews,
    'views:save': (view) => deps.settings.saveView(view),
    'views:delete': ({ id }) => deps.settings.deleteView(id),
  }
}
