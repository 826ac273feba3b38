// The shell's security pieces, without Electron: the app:// protocol confined to the renderer
// folder, permissions denied, external links only after the agent confirms, the log file.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  APP_SCHEME_PRIVILEGES,
  registerAppProtocol,
  resolveAppFile,
} from '../../src/main/app-protocol'
import { confirmAndOpen, externalAddress, LINK_TEXT } from '../../src/main/external-links'
import { createFileLogger, LOG_FILE } from '../../src/main/log-file'
import { denyAllPermissions, DEVICE_SELECT_EVENTS } from '../../src/main/permissions'

const dir = mkdtempSync(join(tmpdir(), 'ac-renderer-'))
const rendererDir = join(dir, 'out/renderer')
mkdirSync(join(rendererDir, 'assets'), { recursive: true })
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>')
writeFileSync(join(rendererDir, 'assets/app.js'), 'export {}')
writeFileSync(join(dir, 'out/secret.txt'), 'outside')

describe('app:// protocol', () => {
  it('is registered as a standard, secure scheme', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({
      scheme: 'app',
      privileges: { standard: true, secure: true },
    })
  })

  it('maps our URLs into the renderer folder and refuses every way out of it', () => {
    expect(resolveAppFile(rendererDir, 'app://agent-console/')).toBe(
      join(rendererDir, 'index.html'),
    )
    expect(resolveAppFile(rendererDir, 'app://agent-console/assets/app.js?v=1#x')).toBe(
      join(rendererDir, 'assets/app.js'),
    )
    // The URL parser itself folds a literal `..` back inside the origin's root.
    for (const url of [
      'app://agent-console/../secret.txt',
      'app://agent-console/%2e%2e/secret.txt',
    ])
      expect(resolveAppFile(rendererDir, url)).toBe(join(rendererDir, 'secret.txt'))
    for (const url of [
      'app://agent-console/..%2fsecret.txt',
      'app://agent-console/assets/..%2f..%2fsecret.txt',
      'app://agent-console/..%5csecret.txt',
      'app://agent-console/%00index.html',
      'app://agent-console/%E0%A4%A',
      'app://other-host/index.html',
      'file:///etc/passwd',
    ])
      expect(resolveAppFile(rendererDir, url), url).toBeNull()
  })

  it('serves files through the handler, 404 outside, 405 for other methods', async () => {
    let handler: ((r: { url: string; method: string }) => Promise<Response> | Response) | null =
      null
    registerAppProtocol(
      { handle: (_scheme, h) => void (handler = h) },
      async (fileUrl) => new Response(readFileSync(fileURLToPath(fileUrl))),
      rendererDir,
    )
    const get = (url: string, method = 'GET') => Promise.resolve(handler!({ url, method }))
    const ok = await get('app://agent-console/index.html')
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe('<!doctype html>')
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff')
    expect((await get('app://agent-console/..%2fsecret.txt')).status).toBe(404)
    expect((await get('app://agent-console/missing.js')).status).toBe(404)
    expect((await get('app://agent-console/index.html', 'POST')).status).toBe(405)
  })
})

describe('permissions', () => {
  it('denies every request, every check and every device', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {}
    const events = new Map<
      string,
      (event: { preventDefault(): void }, ...args: unknown[]) => void
    >()
    denyAllPermissions({
      setPermissionRequestHandler: (h) => (handlers['request'] = h),
      setPermissionCheckHandler: (h) => (handlers['check'] = h),
      setDevicePermissionHandler: (h) => (handlers['device'] = h),
      on: (name, listener) => events.set(name, listener),
    })
    const answers: boolean[] = []
    ;(handlers['request'] as (w: unknown, p: string, cb: (g: boolean) => void) => void)(
      null,
      'media',
      (granted) => answers.push(granted),
    )
    expect(answers).toEqual([false])
    expect((handlers['check'] as (w: unknown, p: string) => boolean)(null, 'clipboard-read')).toBe(
      false,
    )
    expect((handlers['device'] as (d: unknown) => boolean)({})).toBe(false)
    for (const name of DEVICE_SELECT_EVENTS) {
      let prevented = false
      const picked: unknown[] = []
      events.get(name)!({ preventDefault: () => (prevented = true) }, {}, (id?: string) =>
        picked.push(id),
      )
      expect(prevented, name).toBe(true)
      expect(picked).toEqual([undefined])
    }
  })
})

describe('external links', () => {
  it('offers only plain http(s) addresses', () => {
    expect(externalAddress('https://example.com/a?b=1')).toBe('https://example.com/a?b=1')
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'https://u:p@example.com',
      'nope',
    ])
      expect(externalAddress(url), url).toBeNull()
  })

  it('opens only after the agent confirms the full address, in the app language', async () => {
    const opened: string[] = []
    const asked: string[] = []
    const ports = (answer: number, language: 'zh-TW' | 'en') => ({
      ask: async (o: { detail: string; buttons: string[] }) => {
        asked.push(o.detail, o.buttons.join('/'))
        return { response: answer }
      },
      open: async (url: string) => void opened.push(url),
      language: async () => language,
    })
    expect(await confirmAndOpen('https://example.com/x', ports(0, 'en'))).toBe(false)
    expect(opened).toEqual([])
    expect(asked[0]).toContain('https://example.com/x')
    expect(asked[1]).toBe(`${LINK_TEXT.en.cancel}/${LINK_TEXT.en.open}`)
    expect(await confirmAndOpen('https://example.com/x', ports(1, 'zh-TW'))).toBe(true)
    expect(opened).toEqual(['https://example.com/x'])
    expect(asked[3]).toBe(`${LINK_TEXT['zh-TW'].cancel}/${LINK_TEXT['zh-TW'].open}`)
    expect(await confirmAndOpen('file:///etc/passwd', ports(1, 'en'))).toBe(false)
    expect(opened).toHaveLength(1)
  })
})

describe('log file', () => {
  it('writes redacted lines and rotates, keeping three older files', () => {
    const logs = mkdtempSync(join(tmpdir(), 'ac-logs-'))
    const logger = createFileLogger({ dir: logs, level: 'info', maxBytes: 400, keep: 3 })
    logger.debug('not written')
    logger.warn('token refused', { token: 'tok-secret', detail: 'id A123456789' })
    const first = readFileSync(join(logs, LOG_FILE), 'utf8')
    expect(first).toContain('warn token refused')
    expect(first).not.toMatch(/tok-secret|A123456789|not written/)
    for (let i = 0; i < 40; i++) logger.info(`line ${i} ${'x'.repeat(40)}`)
    expect(readdirSync(logs).sort()).toEqual([
      'agent-console.1.log',
      'agent-console.2.log',
      'agent-console.3.log',
      LOG_FILE,
    ])
    expect(readFileSync(join(logs, LOG_FILE), 'utf8')).toContain('line 39')
  })
})
