import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_BODY, SECRET_HEADER } from '../../src/web/web-host'
import { startTestHost, type TestHost } from '../helpers/web-host'

/** A raw request, so the Host and Origin headers can be set as another page would. */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('browser host', () => {
  let t: TestHost
  beforeAll(async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'ac-static-'))
    mkdirSync(join(staticDir, 'assets'))
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>')
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
    t = await startTestHost({ staticDir })
  })
  afterAll(async () => t?.close())

  const rpc = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    raw(`${t.host.url}/rpc/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: t.host.secret, ...headers },
      body: JSON.stringify(body),
    })

  it('binds loopback and prints an address carrying the secret in the fragment', () => {
    expect(t.host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(t.host.openUrl).toBe(`${t.host.url}/#secret=${encodeURIComponent(t.host.secret)}`)
    expect(t.host.secret.length).toBeGreaterThanOrEqual(24)
  })

  it('answers a contract call with the envelope', async () => {
    const res = await rpc('app:info', {})
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toMatchObject({
      ok: true,
      value: { name: 'Agent Console', host: 'web' },
    })
  })

  it('returns validation errors as envelopes', async () => {
    // Negative ids are tickets created here and not sent yet; 0 is no ticket at all.
    const res = await rpc('tickets:get', { id: 0 })
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })

  it('refuses a call without the secret or with a wrong one, as the host (not the API token)', async () => {
    const missing = await rpc('settings:get', {}, { [SECRET_HEADER]: '' })
    expect(missing.status).toBe(401)
    // The page says "open the address the host printed", not "the API token is wrong".
    expect(JSON.parse(missing.body)).toMatchObject({ error: { code: 'host_unauthorized' } })
    expect((await rpc('settings:get', {}, { [SECRET_HEADER]: 'x'.repeat(32) })).status).toBe(401)
  })

  it('refuses another origin (another local page) even with the secret', async () => {
    const res = await rpc('settings:get', {}, { origin: 'http://127.0.0.1:9999' })
    expect(res.status).toBe(403)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await rpc('settings:get', {}, { host: 'attacker.example:80' })
    expect(res.status).toBe(421)
  })

  it('serves the renderer with a strict CSP and refuses path traversal', async () => {
    const index = await raw(`${t.host.url}/`, {})
    expect(index.status).toBe(200)
    expect(String(index.headers['content-security-policy'])).toContain("script-src 'self'")
    expect((await raw(`${t.host.url}/assets/app.js`, {})).status).toBe(200)
    const escape = await raw(`${t.host.url}/..%2f..%2f..%2f..%2fetc%2fhostname.txt`, {})
    expect(escape.status).toBe(404)
    const spa = await raw(`${t.host.url}/..%2f..%2fetc%2fpasswd`, {})
    expect(spa.body).toBe('<!doctype html><title>t</title>')
  })

  it('streams contract events over SSE with a single-use ticket; the secret never in a URL', async () => {
    expect((await raw(`${t.host.url}/events?secret=${t.host.secret}`, {})).status).toBe(401)
    expect((await raw(`${t.host.url}/events?ticket=nope`, {})).status).toBe(401)
    expect((await raw(`${t.host.url}/events/ticket`, { method: 'POST' })).status).toBe(401)
    const issue = async (): Promise<string> => {
      const res = await raw(`${t.host.url}/events/ticket`, {
        method: 'POST',
        headers: { [SECRET_HEADER]: t.host.secret },
      })
      expect(res.status).toBe(200)
      return (JSON.parse(res.body) as { value: { ticket: string } }).value.ticket
    }
    const ticket = await issue()
    expect(ticket).not.toContain(t.host.secret)
    const frames: string[] = []
    await new Promise<void>((resolve, reject) => {
      const req = request(`${t.host.url}/events?ticket=${encodeURIComponent(ticket)}`, (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream')
        expect(res.headers['x-content-type-options']).toBe('nosniff')
        res.on('data', (chunk: Buffer) => {
          frames.push(chunk.toString())
          if (frames.join('').includes('tickets:changed')) {
            req.destroy()
            resolve()
          }
        })
        // Connected (the host registers the stream before it answers): make the core emit
        // through its public surface.
        t.core.events.emit('tickets:changed', { reason: 'sync' })
      })
      req.on('error', reject)
      req.end()
    })
    expect(frames.join('')).toContain('"event":"tickets:changed"')
    // Used once: the same ticket does not open a second stream.
    expect(
      (await raw(`${t.host.url}/events?ticket=${encodeURIComponent(ticket)}`, {})).status,
    ).toBe(401)
  })

  it('answers 400, 413 and 405 as HTTP means them', async () => {
    const bad = await raw(`${t.host.url}/rpc/%E0%A4%A`, {
      method: 'POST',
      headers: { [SECRET_HEADER]: t.host.secret },
      body: '{}',
    })
    expect(bad.status).toBe(400)
    expect((await raw(`${t.host.url}/%zz`, {})).status).toBe(400)
    const big = await raw(`${t.host.url}/rpc/settings:get`, {
      method: 'POST',
      headers: { [SECRET_HEADER]: t.host.secret, 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(MAX_BODY) }),
    }).catch((error: unknown) => ({ status: -1, body: String(error), headers: {} }))
    expect(big.status).toBe(413)
    expect((await rpc('settings:get', '{')).status).toBe(200)
    const notJson = await raw(`${t.host.url}/rpc/settings:get`, {
      method: 'POST',
      headers: { [SECRET_HEADER]: t.host.secret },
      body: '{not json',
    })
    expect(notJson.status).toBe(400)
    const postEvents = await raw(`${t.host.url}/events`, { method: 'POST' })
    expect(postEvents.status).toBe(405)
    expect(postEvents.headers['allow']).toBe('GET')
    expect((await raw(`${t.host.url}/rpc/settings:get`, {})).status).toBe(405)
    expect((await raw(`${t.host.url}/events/ticket`, {})).status).toBe(405)
    expect((await raw(`${t.host.url}/`, { method: 'DELETE' })).status).toBe(405)
  })

  it('sends nosniff and frame-ancestors on every answer, errors included', async () => {
    const answers = await Promise.all([
      raw(`${t.host.url}/`, {}),
      raw(`${t.host.url}/assets/app.js`, {}),
      raw(`${t.host.url}/missing.png`, {}),
      rpc('app:info', {}),
      rpc('settings:get', {}, { [SECRET_HEADER]: '' }),
      raw(`${t.host.url}/events`, {}),
      raw(`${t.host.url}/%zz`, {}),
      rpc('settings:get', {}, { host: 'attacker.example:80' }),
    ])
    for (const answer of answers) {
      expect(answer.headers['x-content-type-options'], String(answer.status)).toBe('nosniff')
      expect(String(answer.headers['content-security-policy'])).toContain("frame-ancestors 'none'")
    }
  })

  it("keeps frame-ancestors out of the page's meta CSP (Chromium ignores it there and logs an error)", async () => {
    const page = readFileSync(join(process.cwd(), 'src/renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(page)?.[1]
    expect(meta).toContain("default-src 'none'")
    expect(meta).not.toContain('frame-ancestors')
  })
})
