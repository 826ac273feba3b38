/**
 * Picks the transport at start: the preload's `window.api` in the desktop app, else HTTP to the
 * browser host, whose per-start secret arrives in the URL fragment (never sent to a server), is
 * kept for this tab in sessionStorage, and is removed from the address bar.
 */
import type { PreloadApi } from '../../../preload/api'
import { createClient, type ApiClient, type Transport } from './client'
import { createHttpTransport } from './http-transport'

const SECRET_KEY = 'agent-console.secret'

declare global {
  interface Window {
    api?: PreloadApi
  }
}

function readSecret(): string {
  const match = /(?:^#|&)secret=([^&]+)/.exec(window.location.hash)
  if (match?.[1]) {
    const secret = decodeURIComponent(match[1])
    sessionStorage.setItem(SECRET_KEY, secret)
    history.replaceState(null, '', window.location.pathname + window.location.search)
    return secret
  }
  return sessionStorage.getItem(SECRET_KEY) ?? ''
}

export function detectTransport(): Transport {
  if (window.api) {
    const bridge = window.api
    return { invoke: (c, i) => bridge[c](i), subscribe: (e, l) => bridge.on(e, l) }
  }
  return createHttpTransport(window.location.origin, readSecret())
}

let client: ApiClient | null = null

/** The app-wide client; tests build their own with createClient and an in-process transport. */
export function appClient(): ApiClient {
  client ??= createClient(detectTransport())
  return client
}
