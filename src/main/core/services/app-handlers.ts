/** The app itself: what is running, and the notices waiting for the screens. */
import type { HandlersOf, ServiceDeps } from './service-deps'

export function createAppHandlers(deps: ServiceDeps): HandlersOf<'app'> {
  return {
    'app:info': () => ({
      name: 'Agent Console',
      version: deps.options.version,
      host: deps.options.host === 'desktop' ? 'desktop' : 'web',
      platform: process.platform,
    }),
    'app:notices': () => deps.notices.splice(0),
  }
}
