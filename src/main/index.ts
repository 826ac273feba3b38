/**
 * The Electron shell: one instance, one window, IPC wired to the core. Everything that does real
 * work lives in ./core, which never imports electron.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  Notification,
  powerMonitor,
  protocol,
  session,
  shell,
} from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ipcEvent, type Envelope, type Language, type Settings } from '../shared/contract/contract'
import { attachAlertNotifier } from './alert-notifier'
import { APP_SCHEME_PRIVILEGES, CHROMIUM_SWITCHES, registerAppProtocol } from './app-protocol'
import { confirmAndOpen } from './external-links'
import { forwardEvents, registerIpc } from './ipc'
import { createFileLogger } from './log-file'
import { denyAllPermissions } from './permissions'
import { watchPower } from './power'
import { safeStorageCacheKey } from './safe-storage-cache-key'
import { createSafeStorageSecrets } from './safe-storage-secrets'
import { createTrustedFrameCheck } from './trusted-frame'
import { createMainWindow, rendererPaths } from './window'
import { exportDirFor, privateDir, startCoreWorker, type CoreEndpoint } from './core'
import { createExportSaveHandler } from './export-save'

const development = !app.isPackaged
const logDir = app.getPath('logs')
const logger = createFileLogger({
  dir: logDir,
  level: development ? 'debug' : 'info',
  echo: development,
})
let core: CoreEndpoint | null = null
let mainWindow: BrowserWindow | null = null

// Before `ready`: app:// is a standard, secure origin for the renderer.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
for (const [name, value] of CHROMIUM_SWITCHES) app.commandLine.appendSwitch(name, value)

/** The cache's SQLite built for Electron by scripts/electron-native.mjs, apart from Node's. */
function electronNativeBinding(): string | undefined {
  // Packaged, the file is unpacked beside the asar (native code cannot load from inside it).
  const appPath = app.getAppPath().replace(/app\.asar$/, 'app.asar.unpacked')
  const candidate = join(appPath, 'build/native-electron/better_sqlite3.node')
  return existsSync(candidate) ? candidate : undefined
}

/** The application menu: none in a packaged build (macOS keeps its app and edit menus). */
function installMenu(): void {
  if (development) return
  Menu.setApplicationMenu(
    process.platform === 'darwin'
      ? Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }])
      : null,
  )
}

/**
 * The cache key; when waiting edits need a key the keychain no longer gives, the agent is told
 * (both languages) and may discard them only through a second, explicit confirmation.
 * undefined: the agent chose to quit.
 */
function openCacheKey(userData: string): string | null | undefined {
  try {
    return safeStorageCacheKey(userData, logger)
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'edits_waiting') throw error
    const message = error instanceof Error ? error.message : String(error)
    const first = dialog.showMessageBoxSync({
      type: 'warning',
      title: '客服工作台 Agent Console',
      message,
      buttons: ['結束 Quit', '捨棄待送出的編輯… Discard waiting edits…'],
      defaultId: 0,
      cancelId: 0,
    })
    if (first !== 1) return undefined
    const second = dialog.showMessageBoxSync({
      type: 'warning',
      title: '客服工作台 Agent Console',
      message:
        '確定要永久捨棄無法讀取的待送出編輯嗎？它們不會被送出（檔案會另存一份）。\n' +
        'Discard the waiting edits that cannot be read, for good? They will not be sent (the file is kept aside).',
      buttons: ['取消 Cancel', '捨棄 Discard'],
      defaultId: 0,
      cancelId: 0,
    })
    if (second !== 1) return undefined
    return safeStorageCacheKey(userData, logger, { discardWaitingEdits: true })
  }
}

async function start(): Promise<void> {
  const paths = rendererPaths(__dirname)
  const devServerUrl = development ? process.env['ELECTRON_RENDERER_URL'] : undefined
  const isTrustedFrame = createTrustedFrameCheck(devServerUrl)

  denyAllPermissions(session.defaultSession)
  registerAppProtocol(protocol, (url) => net.fetch(url), paths.dir)
  installMenu()

  const userData = app.getPath('userData')
  // The cache, settings and keys live here: the agent's alone.
  privateDir(userData, { tighten: true })
  const nativeBinding = electronNativeBinding()
  const secrets = createSafeStorageSecrets(userData, logger)
  const cacheKey = openCacheKey(userData)
  if (cacheKey === undefined) {
    app.exit(1)
    return
  }
  // `npm run demo` starts the app connected to the sandbox it started; never a packaged build.
  const apiUrlOverride = development ? process.env['AGENT_CONSOLE_API_URL'] : undefined
  // The core (cache, sync, API) runs in a worker thread: this thread only paints and relays.
  core = await startCoreWorker({
    script: join(__dirname, 'core-worker.js'),
    core: {
      host: 'desktop',
      version: app.getVersion(),
      dataDir: userData,
      ...(cacheKey ? { cacheKey } : {}),
      ...(nativeBinding ? { nativeBinding } : {}),
      validateOutput: development,
      logLevel: development ? 'debug' : 'info',
      ...(apiUrlOverride ? { connect: { apiUrl: apiUrlOverride } } : {}),
    },
    readToken: () => secrets.get(),
    storeToken: (token) => secrets.set(token),
    logger,
  })
  const endpoint = core
  const language = async (): Promise<Language> => {
    const answer = await endpoint.call('settings:get', {})
    return answer.ok && (answer.value as { language?: string }).language === 'en' ? 'en' : 'zh-TW'
  }
  const openExternal = (url: string): void => {
    void confirmAndOpen(url, {
      ask: (options) =>
        mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options),
      open: (address) => shell.openExternal(address),
      language,
    }).catch((error: unknown) =>
      logger.warn('external link failed', { error: error instanceof Error ? error.message : '' }),
    )
  }
  registerIpc(ipcMain, endpoint, isTrustedFrame, {
    // The agent chooses where in the system's save dialog; the core's file is moved there.
    'export:start': createExportSaveHandler({
      core: endpoint,
      exportDir: exportDirFor(join(userData, 'cache.sqlite')),
      askSavePath: async (defaultName, format) => {
        const options = {
          defaultPath: join(app.getPath('downloads'), defaultName),
          filters: [{ name: format.toUpperCase(), extensions: [format] }],
        }
        const answer = mainWindow
          ? await dialog.showSaveDialog(mainWindow, options)
          : await dialog.showSaveDialog(options)
        return answer.canceled || !answer.filePath ? null : answer.filePath
      },
    }),
    'app:openLogFolder': async (): Promise<Envelope<unknown>> => {
      const failure = await shell.openPath(logDir)
      return { ok: true, value: { opened: failure === '', path: logDir } }
    },
  })
  forwardEvents(endpoint, () => BrowserWindow.getAllWindows().map((w) => w.webContents))
  attachAlertNotifier({
    subscribe: (listener) => endpoint.subscribe(listener),
    settings: async () => {
      const got = await endpoint.call('settings:get', {})
      return got.ok ? (got.value as Settings) : { language: 'zh-TW', notifications: true }
    },
    notify: (options) => new Notification(options),
    open: (ticketId) => {
      if (!mainWindow) return
      if (mainWindow.isMinimized()) mainWindow.restore()
      mainWindow.focus()
      mainWindow.webContents.send(ipcEvent('alerts:open'), { ticketId })
    },
  })
  // No ticket sync while the machine sleeps or the screen is locked; a catch-up on return.
  watchPower(powerMonitor, endpoint, logger)

  const open = (): void => {
    mainWindow = createMainWindow({
      preloadPath: paths.preload,
      devTools: development,
      isTrustedFrame,
      openExternal,
      ...(devServerUrl ? { devServerUrl } : {}),
    })
    mainWindow.on('closed', () => (mainWindow = null))
  }
  open()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open()
  })
}

// Any window or webview created later gets the same rules.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault())
})

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
      const message = error instanceof Error ? error.message : String(error)
      logger.error('start-up failed', { error: message })
      // Said before quitting (e.g. waiting edits the key cannot open): never a silent exit.
      dialog.showErrorBox('客服工作台 Agent Console', message)
      app.exit(1)
    })
}
