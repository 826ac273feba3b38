/** The lookup lists (categories, sponsors, termination codes...), from the cache. */
import type { HandlersOf, ServiceDeps } from './service-deps'

export function createLookupsHandlers({ cache }: ServiceDeps): HandlersOf<'lookups'> {
  return {
    'lookups:get': () => cache.getLookups(),
  }
}
