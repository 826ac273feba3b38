/**
 * Which page may talk to the main process: the bundled renderer (file://.../out/renderer) or, in
 * development, the dev server electron-vite started. Anything else (a navigated-away page, an
 * iframe) is refused.
 */
import { pathToFileURL } from 'node:url'

export function createTrustedFrameCheck(
  rendererDir: string,
  devServerUrl?: string,
): (url: string) => boolean {
  const fileBase = pathToFileURL(rendererDir).href.replace(/\/?$/, '/')
  let devOrigin: string | null = null
  if (devServerUrl) {
    try {
      devOrigin = new URL(devServerUrl).origin
    } catch {
      devOrigin = null
    }
  }
  return (url) => {
    if (url.startsWith(fileBase)) return true
    if (devOrigin) {
      try {
        return new URL(url).origin === devOrigin
      } catch {
        return false
      }
    }
    return false
  }
}
