/**
 * Which page may talk to the main process: the bundled renderer on app://agent-console or, in
 * development, the dev server electron-vite started. URLs are parsed and their origins compared
 * (never string prefixes: `app://agent-console.evil/` or `http://localhost:5173@evil/` must not
 * pass). Anything else (a navigated-away page, an iframe) is refused.
 */
import { isAppUrl } from './app-protocol'

export function createTrustedFrameCheck(devServerUrl?: string): (url: string) => boolean {
  let devOrigin: string | null = null
  if (devServerUrl) {
    try {
      devOrigin = new URL(devServerUrl).origin
    } catch {
      devOrigin = null
    }
  }
  return (url) => {
    if (isAppUrl(url)) return true
    if (!devOrigin) return false
    try {
      const parsed = new URL(url)
      return parsed.origin === devOrigin && parsed.username === '' && parsed.password === ''
    } catch {
      return false
    }
  }
}
