// Electron fuses flipped in the packaged app (electron-builder's afterPack hook). Fuses are bits
// in the Electron binary itself: once flipped, no command-line flag or environment variable can
// turn the feature back on, so a packaged console cannot be turned into a Node runtime or a
// debugging target on an agent's desktop.
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses'
import { join } from 'node:path'

/** Every fuse set explicitly (strictlyRequireAllFuses), so a new Electron fuse fails the build. */
export const FUSES = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  // ELECTRON_RUN_AS_NODE would make the signed binary a general Node runtime.
  [FuseV1Options.RunAsNode]: false,
  // Cookies (and the session's storage) encrypted at rest with the OS key.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS could preload code into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect and friends would open a debugger port on the main process.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app.asar is checked against the hash embedded at packaging (macOS, Windows).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Only app.asar is loaded: no loose app folder can be dropped beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The renderer is served over app://, so file:// needs none of its legacy privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  // Electron's default: WebAssembly out-of-bounds accesses trapped by signal handlers.
  [FuseV1Options.WasmTrapHandlers]: true,
}

/** Path of the Electron binary electron-builder produced for one platform. */
export function electronBinaryPath(context) {
  const name = context.packager.appInfo.productFilename
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(context.appOutDir, `${name}.app`)
    case 'win32':
      return join(context.appOutDir, `${name}.exe`)
    default:
      return join(context.appOutDir, context.packager.executableName)
  }
}

/** The afterPack hook: flips the fuses of the packaged binary. */
export async function flipPackagedFuses(context, flip = flipFuses) {
  const binary = electronBinaryPath(context)
  // Arm64 macOS binaries must stay (ad-hoc) signed after their bytes change.
  const resetAdHocDarwinSignature =
    context.electronPlatformName === 'darwin' && context.arch === 3 /* Arch.arm64 */
  await flip(binary, { ...FUSES, resetAdHocDarwinSignature })
  return binary
}
