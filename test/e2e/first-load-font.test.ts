// Which font draws the queue's Chinese on the first page: the system's own CJK font where the PC
// has one (the bundled Noto Sans TC is then never downloaded or decoded), the bundled one where it
// has none (this machine: `fc-list :lang=zh` is empty), never tofu boxes.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finishE2e } from './agent-ui'
import { launchBrowser, screenshot, type TestBrowser } from '../helpers/browser'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import {
  actAsFirstEmployee,
  startTestHost,
  WEB_BUILD_DIR,
  type TestHost,
} from '../helpers/web-host'

const BUNDLED = 'Noto Sans TC Variable'

/** The bundled font's pieces as the build serves them: file and the characters each covers. */
function bundledPieces(): Array<{ url: string; range: string }> {
  const assets = join(WEB_BUILD_DIR, 'assets')
  const css = readdirSync(assets)
    .filter((f) => f.endsWith('.css'))
    .map((f) => readFileSync(join(assets, f), 'utf8'))
    .find((text) => text.includes(BUNDLED))
  if (!css) throw new Error('the build has no bundled font: run npm run build:web')
  const pieces = []
  for (const face of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const body = face[1] ?? ''
    const url = /url\(([^)]+)\)/.exec(body)?.[1]
    const range = /unicode-range:\s*([^;]+)/.exec(body)?.[1]
    if (body.includes(BUNDLED) && url && range)
      pieces.push({ url: url.replace(/^\.\//, ''), range })
  }
  return pieces
}

/** Status of each face of the page's fonts, grouped by family: how many are loaded. */
const FACES = `(() => {
  const loaded = {}
  for (const face of document.fonts) {
    const family = face.family.replace(/"/g, '')
    loaded[family] ??= 0
    if (face.status === 'loaded') loaded[family]++
  }
  return loaded
})()`

describe('the first page’s Chinese font', () => {
  let sandbox: TestSandbox
  let host: TestHost
  let browser: TestBrowser

  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 120, seed: 27 })
    host = await startTestHost({ apiUrl: sandbox.url })
    await actAsFirstEmployee(host.core)
    browser = await launchBrowser()
  })
  afterAll(() => finishE2e({ browser, host, sandbox }))

  it('comes from the bundled Noto Sans TC on a machine without a CJK font', async () => {
    const page = await browser.newPage()
    await page.goto(host.host.openUrl)
    await page.evaluate(`location.hash = '#/queue/all'`)
    await page.waitForSelector('[data-testid=ticket-grid] [role=row][data-id]', { timeout: 60_000 })
    await page.evaluate('document.fonts.ready.then(() => true)')
    const loaded = (await page.evaluate(FACES)) as Record<string, number>
    expect(loaded[BUNDLED]).toBeGreaterThan(1)
    await screenshot(page, 'first-load-font-bundled')
    await page.close()
  })

  it('comes from the system’s CJK font where the PC has one, and the bundled one is never loaded', async () => {
    const page = await browser.newPage()
    // This machine has no CJK font. One named as Windows names its own, made of the same pieces
    // and already loaded before the app's first line runs (as an installed font is), stands in
    // for it: read synchronously, as binary text, since an installed font is never "loading".
    const pieces = bundledPieces()
    const base = new URL('assets/', host.host.openUrl).href
    await page.addInitScript(`for (const p of ${JSON.stringify(pieces)}) {
      const xhr = new XMLHttpRequest()
      xhr.open('GET', '${base}' + p.url, false)
      xhr.overrideMimeType('text/plain; charset=x-user-defined')
      xhr.send()
      const bytes = Uint8Array.from(xhr.responseText, (c) => c.charCodeAt(0) & 0xff)
      document.fonts.add(new FontFace('Microsoft JhengHei', bytes, { unicodeRange: p.range, weight: '100 900' }))
    }`)
    await page.goto(host.host.openUrl)
    await page.evaluate(`location.hash = '#/queue/all'`)
    await page.waitForSelector('[data-testid=ticket-grid] [role=row][data-id]', { timeout: 60_000 })
    await page.evaluate('document.fonts.ready.then(() => true)')
    const loaded = (await page.evaluate(FACES)) as Record<string, number>
    expect(loaded['Microsoft JhengHei']).toBeGreaterThan(1)
    expect(loaded[BUNDLED]).toBe(0)
    await page.close()
  })
})
