/** The team overview: every chart's numbers for me, my group or everyone, from the cache. */
import { serverNow } from '../../../shared/domain/server-time'
import type { OverviewScope } from '../insights/overview'
import type { HandlersOf, ServiceDeps } from './service-deps'

export function createInsightsHandlers(deps: ServiceDeps): HandlersOf<'insights'> {
  return {
    'insights:overview': ({ scope, days }) => {
      const settings = deps.settings.get()
      const meId = settings.me?.id ?? null
      const group = scope === 'group' && meId !== null ? deps.cache.employeeGroup(meId) : null
      const handlerIds =
        scope === 'everyone'
          ? null
          : scope === 'me'
            ? meId === null
              ? []
              : [meId]
            : (group?.memberIds ?? [])
      const which: OverviewScope =
        handlerIds === null ? { kind: 'everyone' } : { kind: 'group', handlerIds }
      const asOf = serverNow(settings.serverTimeZone)
      return {
        ...deps.cache.overview({ scope: which, now: asOf, days }),
        asOf,
        scope,
        days,
        handlerIds,
        groupName: group?.name ?? null,
      }
    },
  }
}
