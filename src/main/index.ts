/**
 * The Electron shell: one instance, one window, IPC wired to the core. Everything that does real
 * work lives in ./core, which never imports electron.
 */
import { app, BrowserWindow, ipcMain, powerMonitor, session } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { CoreEndpoint } from './core/core'
import { createStderrLogger } from './core/logger'
import { startCoreWorker } from './core/worker/core-worker-client'
import { forwardEvents, registerIpc } from './ipc'
import { watchPower } from './power'
import { createSafeStorageSecrets } from './safe-storage-secrets'
import { createTrustedFrameCheck } from './trusted-frame'
import { createMainWindow, rendererPaths } from './window'

const logger = createStderrLogger(app.isPackaged ? 'info' : 'debug')
let core: CoreEndpoint | null = null
let mainWindow: BrowserWindow | null = null

/** better-sqlite3 built for Electron by scripts/electron-native.mjs, kept apart from Node's build. */
function electronNativeBinding(): string | undefined {
  const candidate = join(app.getAppPath(), 'build/native-electron/better_sqlite3.node')
  return existsSync(candidate) ? candidate : undefined
}

async function start(): Promise<void> {
  const paths = rendererPaths(__dirname)
  const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']
  const isTrustedFrame = createTrustedFrameCheck(paths.dir, devServerUrl)

  // The renderer asks for nothing: deny camera, notifications, geolocation and the rest.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, done) => done(false))

  const userData = app.getPath('userData')
  const nativeBinding = electronNativeBinding()
  const secrets = createSafeStorageSecrets(userData, logger)
  // The core (cache, sync, API) runs in a worker thread: this thread only paints and relays.
  core = await startCoreWorker({
    script: join(__dirname, 'core-worker.js'),
    core: {
      host: 'desktop',
      version: app.getVersion(),
      dataDir: userData,
      ...(nativeBinding ? { nativeBinding } : {}),
      validateOutput: !app.isPackaged,
      logLevel: app.isPackaged ? 'info' : 'debug',
      // `npm run demo` starts the app connected to the sandbox it started.
      ...(process.env['AGENT_CONSOLE_API_URL']
        ? { connect: { apiUrl: process.env['AGENT_CONSOLE_API_URL'] } }
        : {}),
    },
    readToken: () => secrets.get(),
    storeToken: (token) => secrets.set(token),
    logger,
  })
  registerIpc(ipcMain, core, isTrustedFrame)
  forwardEvents(core, () => BrowserWindow.getAllWindows().map((w) => w.webContents))
  // No ticket sync while the machine sleeps or the screen is locked; a catch-up on return.
  watchPower(powerMonitor, core, logger)

  const open = (): void => {
    mainWindow = createMainWindow({
      preloadPath: paths.preload,
      rendererHtml: paths.html,
      isTrustedFrame,
      ...(devServerUrl ? { devServerUrl } : {}),
    })
    mainWindow.on('closed', () => (mainWindow = null))
  }
  open()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open()
  })
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    void core?.close()
  })
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      logger.error('start-up failed', {
        error: error instanceof Error ? error.message : String(error),
      })
      app.exit(1)
    })
}
