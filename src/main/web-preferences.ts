/** The window's security settings, apart from window.ts so tests can read them without Electron. */

/** The webPreferences of the app window: the boot test checks the built shell uses exactly these. */
export function secureWebPreferences(preload: string, devTools: boolean) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    // Middle-click would open a window (denied anyway): not even the event.
    disableBlinkFeatures: 'Auxclick',
    devTools,
  } as const
}
