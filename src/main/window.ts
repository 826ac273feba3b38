/**
 * The app window with Electron's security defaults on: context isolation, sandbox, no Node in the
 * renderer, no new windows (http(s) links go to the system browser), no navigation away.
 */
import { BrowserWindow, shell } from 'electron'
import { join } from 'node:path'

export interface WindowOptions {
  preloadPath: string
  rendererHtml: string
  devServerUrl?: string
  isTrustedFrame: (url: string) => boolean
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
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  })

  window.once('ready-to-show', () => window.show())

  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  window.webContents.on('will-navigate', (event, url) => {
    if (!options.isTrustedFrame(url)) event.preventDefault()
  })
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())

  if (options.devServerUrl) void window.loadURL(options.devServerUrl)
  else void window.loadFile(options.rendererHtml)
  return window
}

export const rendererPaths = (mainDir: string): { preload: string; html: string; dir: string } => ({
  preload: join(mainDir, '../preload/index.cjs'),
  html: join(mainDir, '../renderer/index.html'),
  dir: join(mainDir, '../renderer'),
})
