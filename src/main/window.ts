/**
 * The app window with Electron's security defaults on: context isolation, sandbox, no Node in the
 * renderer, DevTools only in development, no new windows (http(s) links go to the system browser
 * after the agent confirms the address), no navigation or redirect away, no webviews.
 */
import { BrowserWindow } from 'electron'
import { join } from 'node:path'
import { APP_ENTRY } from './app-protocol'
import { secureWebPreferences } from './web-preferences'

export interface WindowOptions {
  preloadPath: string
  devServerUrl?: string
  /** DevTools allowed (development only). */
  devTools: boolean
  isTrustedFrame: (url: string) => boolean
  /** Asks the agent and opens an external address (external-links.ts). */
  openExternal: (url: string) => void
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: '客服工作台 Agent Console',
    backgroundColor: '#f7f8fa',
    webPreferences: secureWebPreferences(options.preloadPath, options.devTools),
  })

  window.once('ready-to-show', () => window.show())

  const contents = window.webContents
  contents.setWindowOpenHandler(({ url }) => {
    options.openExternal(url)
    return { action: 'deny' }
  })
  const stayHome = (event: { preventDefault(): void }, url: string): void => {
    if (!options.isTrustedFrame(url)) event.preventDefault()
  }
  contents.on('will-navigate', stayHome)
  contents.on('will-redirect', stayHome)
  contents.on('will-frame-navigate', (event) => {
    if (!options.isTrustedFrame(event.url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  if (!options.devTools) contents.on('devtools-opened', () => contents.closeDevTools())

  void window.loadURL(options.devServerUrl ?? APP_ENTRY)
  return window
}

export const rendererPaths = (mainDir: string): { preload: string; dir: string } => ({
  preload: join(mainDir, '../preload/index.cjs'),
  dir: join(mainDir, '../renderer'),
})
