// The built shell, booted: out/main/index.js (from `npm run build`) runs in plain Node with a
// stand-in for the `electron` module. It must start the core worker from its built path (the
// IPC answers below come from that worker), register every contract channel, create the window
// with the secure preferences and load the app:// page. A wrong path in the bundle fails here.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { APP_ENTRY } from '../../src/main/app-protocol'
import { openDatabase } from '../../src/main/core/db/open-database'
import { secureWebPreferences } from '../../src/main/web-preferences'
import { CHANNELS, ipcChannel } from '../../src/shared/contract/contract'

const ROOT = resolve(import.meta.dirname, '../..')
const BUNDLE = join(ROOT, 'out/main/index.js')

interface Report {
  privilegedSchemes: Array<{ scheme: string; privileges: Record<string, boolean> }>
  switches: Array<[string, string | null]>
  protocols: string[]
  ipcChannels: string[]
  powerEvents: string[]
  windows: Array<{ webPreferences: Record<string, unknown> }>
  loaded: string[]
  menu: string | null
  permissionHandlers: string[]
  ipcAnswer: { ok: boolean; value?: { apiUrl: string | null } }
  appInfoAnswer: { ok: boolean; value?: { version: string; host: string } }
  untrustedAnswer: { ok: boolean }
  exitCode?: number
}

function boot(
  packaged: boolean,
  options: { keychain?: boolean; data?: string } = {},
): Report & { data: string } {
  const data = options.data ?? mkdtempSync(join(tmpdir(), 'ac-boot-'))
  const report = join(data, 'report.json')
  execFileSync(
    process.execPath,
    ['--import', join(import.meta.dirname, 'fixtures/register-electron-stand-in.mjs'), BUNDLE],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        STAND_IN_REPORT: report,
        STAND_IN_DATA: data,
        STAND_IN_PACKAGED: packaged ? '1' : '0',
        STAND_IN_SAFE_STORAGE: options.keychain ? '1' : '0',
        // Must be ignored by a packaged build.
        AGENT_CONSOLE_API_URL: 'http://127.0.0.1:9/api/v1',
        ELECTRON_RENDERER_URL: '',
      },
      timeout: 60_000,
      stdio: 'pipe',
    },
  )
  return { ...(JSON.parse(readFileSync(report, 'utf8')) as Report), data }
}

/** The tables of the cache file, read with `key` (null: as a plain file). */
function tableCount(path: string, key: Buffer | null): number {
  const db = openDatabase(path, { key, readonly: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe('the built main bundle, booted in Node', () => {
  beforeAll(() => {
    // `npm test` builds before the unit tests; alone, this test builds what it needs.
    if (!existsSync(BUNDLE) || !existsSync(join(ROOT, 'out/main/core-worker.js')))
      execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'pipe' })
  }, 180_000)

  it('starts the worker, registers every channel, opens a secure window on app://', () => {
    const report = boot(true)
    expect(report.exitCode).toBeUndefined()
    expect(report.privilegedSchemes).toMatchObject([
      { scheme: 'app', privileges: { standard: true, secure: true } },
    ])
    expect(report.protocols).toEqual(['app'])
    // Without it Chromium never reads the app's code cache: the boot chunk is compiled every start.
    expect(report.switches).toContainEqual(['disable-features', 'BackgroundResourceFetch'])
    expect([...report.ipcChannels].sort()).toEqual(CHANNELS.map(ipcChannel).sort())
    // The sync pauses while the machine sleeps or the screen is locked (src/main/power.ts).
    expect(report.powerEvents).toEqual(['lock-screen', 'resume', 'suspend', 'unlock-screen'])
    expect(report.windows).toHaveLength(1)
    const preferences = report.windows[0]!.webPreferences
    expect(preferences).toEqual({
      ...secureWebPreferences(String(preferences['preload']), false),
    })
    expect(String(preferences['preload'])).toBe(join(ROOT, 'out/preload/index.cjs'))
    expect(existsSync(String(preferences['preload']))).toBe(true)
    expect(report.loaded).toEqual([APP_ENTRY])
    // The answers come from the core running in the built worker (out/main/core-worker.js).
    expect(report.appInfoAnswer).toMatchObject({
      ok: true,
      value: { version: '9.9.9', host: 'desktop' },
    })
    expect(report.untrustedAnswer).toMatchObject({ ok: false })
    // Packaged: no environment override of the API address, no default menu, all permissions denied.
    expect(report.ipcAnswer).toMatchObject({ ok: true, value: { apiUrl: null } })
    expect(report.menu).toBeNull()
    expect(report.permissionHandlers.sort()).toEqual(['check', 'device', 'request'])
  })

  it('encrypts the cache with a key kept by safeStorage, in a 0700 user-data folder', () => {
    const { data } = boot(true, { keychain: true })
    const userData = join(data, 'userData')
    const mode = (p: string): number => statSync(p).mode & 0o777
    expect(mode(userData)).toBe(0o700)
    expect(mode(join(userData, 'cache.sqlite'))).toBe(0o600)
    // The key is in safeStorage's file, never beside the cache in clear.
    expect(mode(join(userData, 'cache-key.bin'))).toBe(0o600)
    const stored = readFileSync(join(userData, 'cache-key.bin'), 'utf8')
    expect(stored).not.toMatch(/[0-9a-f]{64}/)
    // The stand-in's "keychain" reverses base64: undo it, and the key opens the cache; none fails.
    const hex = Buffer.from(stored.split('').reverse().join(''), 'base64').toString()
    expect(tableCount(join(userData, 'cache.sqlite'), Buffer.from(hex, 'hex'))).toBeGreaterThan(3)
    expect(() => tableCount(join(userData, 'cache.sqlite'), null)).toThrow(/not a database/)
    expect(existsSync(join(userData, 'cache.sqlite.key'))).toBe(false)
    // The same key next start: the cache opens as it is, nothing set aside.
    const again = boot(true, { keychain: true, data })
    expect(again.exitCode).toBeUndefined()
    expect(readdirSync(userData).filter((n) => n.includes('.damaged-'))).toEqual([])
  })

  it('without an OS keychain keeps the cache key in a 0600 file beside the cache', () => {
    const { data } = boot(true)
    const userData = join(data, 'userData')
    expect(statSync(join(userData, 'cache.sqlite.key')).mode & 0o777).toBe(0o600)
    expect(existsSync(join(userData, 'cache-key.bin'))).toBe(false)
    const key = Buffer.from(readFileSync(join(userData, 'cache.sqlite.key'), 'utf8').trim(), 'hex')
    expect(tableCount(join(userData, 'cache.sqlite'), key)).toBeGreaterThan(3)
    expect(() => tableCount(join(userData, 'cache.sqlite'), null)).toThrow(/not a database/)
  })

  it('in development honours AGENT_CONSOLE_API_URL and keeps DevTools and the menu', () => {
    const report = boot(false)
    expect(report.ipcAnswer).toMatchObject({
      ok: true,
      value: { apiUrl: 'http://127.0.0.1:9/api/v1' },
    })
    expect(report.windows[0]!.webPreferences['devTools']).toBe(true)
    expect(report.menu).toBe('default')
  })
})
