/**
 * The renderer is served over `app://agent-console/…` (a privileged, standard, secure scheme)
 * instead of file://: the page gets a real origin, and the handler serves files from the built
 * renderer folder only. A request whose decoded path leaves that folder (`..`, encoded slashes,
 * another drive) is refused, so nothing else on disk is reachable from the page.
 */
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'

export const APP_SCHEME = 'app'
export const APP_HOST = 'agent-console'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY = `${APP_ORIGIN}/index.html`

/** What Electron needs to register before the app is ready (protocol.registerSchemesAsPrivileged). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const

/**
 * Chromium switches set before the app is ready. Chromium's background resource fetch streams and
 * compiles a script before its code cache can arrive, so the cache app:// is registered for is
 * written and never read: measured in Chromium 156, the boot chunk took 114-174 ms to evaluate on
 * every start with it, 47-54 ms without (the cache read), and the first queue page p50 0.9x.
 */
export const CHROMIUM_SWITCHES: ReadonlyArray<readonly [string, string]> = [
  ['disable-features', 'BackgroundResourceFetch'],
]

/** True when `url` parses to our own origin (the scheme and host, compared parsed, not as text). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST
  } catch {
    return false
  }
}

/** The file an app:// URL names inside `rendererDir`, or null when it is not ours or escapes it. */
export function resolveAppFile(rendererDir: string, url: string): string | null {
  if (!isAppUrl(url)) return null
  let path: string
  try {
    path = decodeURIComponent(new URL(url).pathname)
  } catch {
    return null
  }
  if (path.includes('\0') || path.includes('\\')) return null
  if (path === '/' || path === '') path = '/index.html'
  const root = resolve(rendererDir)
  const file = resolve(join(root, path))
  const inside = relative(root, file)
  if (
    inside === '' ||
    inside.startsWith('..') ||
    isAbsolute(inside) ||
    inside.split(sep).includes('..')
  )
    return null
  return file
}

export interface ProtocolLike {
  handle(
    scheme: string,
    handler: (request: { url: string; method: string }) => Promise<Response> | Response,
  ): void
}

/** Serves the built renderer over app://; anything outside it is a 404, other methods a 405. */
export function registerAppProtocol(
  protocol: ProtocolLike,
  fetchFile: (fileUrl: string) => Promise<Response>,
  rendererDir: string,
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('Method not allowed', { status: 405 })
    const file = resolveAppFile(rendererDir, request.url)
    if (!file) return new Response('Not found', { status: 404 })
    try {
      const answer = await fetchFile(pathToFileURL(file).href)
      const headers = new Headers(answer.headers)
      headers.set('x-content-type-options', 'nosniff')
      return new Response(answer.body, { status: answer.status, headers })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  })
}
