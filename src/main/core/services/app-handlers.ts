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
    // The desktop shell answers this itself (it can open a folder); Node hosts log to stderr.
    'app:openLogFolder': () => ({ opened: false, path: null }),
  }
}
