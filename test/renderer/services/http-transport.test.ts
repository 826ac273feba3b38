// @vitest-environment node
// The browser host's real transport against the real host over loopback (ws stands in for the
// browser's WebSocket, which Node 20 lacks).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import { createHttpTransport } from '../../../src/renderer/src/services/http-transport'
import { startTestHost, type TestHost } from '../../helpers/web-host'

const until = (check: () => unknown): Promise<unknown> =>
  vi.waitFor(check, { timeout: 5_000, interval: 10 })

describe('browser host transport', () => {
  let t: TestHost
  const posts: string[] = []
  beforeAll(async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'ac-static-'))
    mkdirSync(join(staticDir, 'assets'))
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>')
    t = await startTestHost({ staticDir })
    const realFetch = globalThis.fetch
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      posts.push(new URL(String(input)).pathname)
      return realFetch(input, init)
    })
  })
  afterAll(async () => {
    vi.restoreAllMocks()
    await t?.close()
  })

  it('answers the first call over HTTP, then every call over one socket, the same answers', async () => {
    const transport = createHttpTransport(
      t.host.url,
      t.host.secret,
      WebSocket as unknown as typeof globalThis.WebSocket,
    )
    const first = await transport.invoke('app:info', {})
    expect(first).toMatchObject({ ok: true, value: { host: 'web' } })
    // The socket opens after that answer; until then calls still go over HTTP.
    expect(posts.slice(0, 2)).toEqual(['/rpc/app:info', '/socket/ticket'])
    await until(async () => {
      const before = posts.length
      await transport.invoke('app:info', {})
      expect(posts.length).toBe(before)
    })
    posts.length = 0
    const answers = await Promise.all([
      transport.invoke('app:info', {}),
      transport.invoke('tickets:get', { id: 0 }),
      transport.invoke('settings:get', {}),
    ])
    expect(posts).toEqual([])
    expect(answers[0]).toEqual(first)
    expect(answers[1]).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(answers[2]).toMatchObject({ ok: true })
  })

  it('answers offline when the host is gone, socket or not', async () => {
    const host = await startTestHost({ staticDir: mkdtempSync(join(tmpdir(), 'ac-static-')) })
    const transport = createHttpTransport(
      host.host.url,
      host.host.secret,
      WebSocket as unknown as typeof globalThis.WebSocket,
    )
    await transport.invoke('app:info', {})
    await until(async () => {
      const before = posts.length
      await transport.invoke('app:info', {})
      expect(posts.length).toBe(before)
    })
    const inFlight = transport.invoke('sync:status', {})
    await host.close()
    const after = await transport.invoke('app:info', {})
    expect(after).toMatchObject({ ok: false, error: { code: 'offline' } })
    // Answered or refused, never left hanging.
    expect((await inFlight).ok === true || (await inFlight).ok === false).toBe(true)
  })
})
