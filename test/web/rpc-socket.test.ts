import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { SECRET_HEADER } from '../../src/web/web-host'
import { startTestHost, type TestHost } from '../helpers/web-host'

/** What the upgrade ends in: the socket open, or the HTTP status it was refused with. */
function connect(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.once('open', () => resolve({ ws }))
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 })
      ws.terminate()
    })
    ws.once('error', (error) => reject(error))
  })
}

function call(ws: WebSocket, message: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString())))
    ws.send(JSON.stringify(message))
  })
}

describe('browser host: calls over a WebSocket', () => {
  let t: TestHost
  let wsBase: string
  let origin: string
  beforeAll(async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'ac-static-'))
    mkdirSync(join(staticDir, 'assets'))
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>')
    t = await startTestHost({ staticDir })
    origin = t.host.url
    wsBase = t.host.url.replace(/^http/, 'ws')
  })
  afterAll(async () => t?.close())

  const issue = async (path = '/socket/ticket', secret = t.host.secret) => {
    const res = await fetch(`${t.host.url}${path}`, {
      method: 'POST',
      headers: { [SECRET_HEADER]: secret },
    })
    const body = (await res.json()) as { ok: boolean; value?: { ticket: string } }
    return { status: res.status, ticket: body.value?.ticket ?? '' }
  }

  it('answers calls with the envelope, matched by id, once opened with a ticket from an authorized POST', async () => {
    const { ticket } = await issue()
    expect(ticket).not.toContain(t.host.secret)
    const opened = await connect(`${wsBase}/socket?ticket=${ticket}`, { origin })
    if (!('ws' in opened)) throw new Error(`refused: ${opened.status}`)
    expect(await call(opened.ws, { id: 7, channel: 'app:info', input: {} })).toMatchObject({
      id: 7,
      envelope: { ok: true, value: { name: 'Agent Console', host: 'web' } },
    })
    // The core's own validation, as over HTTP.
    expect(await call(opened.ws, { id: 8, channel: 'tickets:get', input: { id: 0 } })).toMatchObject(
      { id: 8, envelope: { ok: false, error: { code: 'invalid_input' } } },
    )
    opened.ws.close()
  })

  it('refuses a socket without a ticket, with a used one, or with an event-stream ticket', async () => {
    expect(await connect(`${wsBase}/socket`, { origin })).toEqual({ status: 401 })
    expect(await connect(`${wsBase}/socket?secret=${t.host.secret}`, { origin })).toEqual({
      status: 401,
    })
    const { ticket } = await issue()
    const first = await connect(`${wsBase}/socket?ticket=${ticket}`, { origin })
    expect('ws' in first).toBe(true)
    if ('ws' in first) first.ws.close()
    expect(await connect(`${wsBase}/socket?ticket=${ticket}`, { origin })).toEqual({ status: 401 })
    const stream = await issue('/events/ticket')
    expect(await connect(`${wsBase}/socket?ticket=${stream.ticket}`, { origin })).toEqual({
      status: 401,
    })
  })

  it('gives a ticket only for the secret', async () => {
    expect((await issue('/socket/ticket', '')).status).toBe(401)
    expect((await issue('/socket/ticket', 'x'.repeat(32))).status).toBe(401)
  })

  it('refuses another origin and a foreign Host, even with a valid ticket', async () => {
    const a = await issue()
    expect(
      await connect(`${wsBase}/socket?ticket=${a.ticket}`, { origin: 'http://127.0.0.1:9999' }),
    ).toEqual({ status: 403 })
    const b = await issue()
    expect(
      await connect(`${wsBase}/socket?ticket=${b.ticket}`, { origin, host: 'evil.example:80' }),
    ).toEqual({ status: 421 })
  })

  it('closes a socket that sends something other than a call', async () => {
    const { ticket } = await issue()
    const opened = await connect(`${wsBase}/socket?ticket=${ticket}`, { origin })
    if (!('ws' in opened)) throw new Error(`refused: ${opened.status}`)
    const code = await new Promise<number>((resolve) => {
      opened.ws.once('close', (c: number) => resolve(c))
      opened.ws.send('{"channel":"app:info"}')
    })
    expect(code).toBe(1008)
  })
})
