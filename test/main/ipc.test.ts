import { afterEach, describe, expect, it } from 'vitest'
import { registerIpc, forwardEvents, type IpcEventLike } from '../../src/main/ipc'
import { createTrustedFrameCheck } from '../../src/main/trusted-frame'
import { type Core } from '../../src/main/core/core'
import { EventBus } from '../../src/main/core/events/event-bus'
import { CHANNELS, ipcChannel, ipcEvent } from '../../src/shared/contract/contract'
import { startTestCore } from '../helpers/core'

type Handler = (event: IpcEventLike, input: unknown) => Promise<unknown>

function fakeIpcMain(): {
  handlers: Map<string, Handler>
  handle: (c: string, h: Handler) => void
  removeHandler: (c: string) => void
} {
  const handlers = new Map<string, Handler>()
  return {
    handlers,
    handle: (channel, handler) => void handlers.set(channel, handler),
    removeHandler: (channel) => void handlers.delete(channel),
  }
}

const own = { senderFrame: { url: 'app://agent-console/index.html' } }

describe('IPC registration generated from the contract', () => {
  let core: Core
  afterEach(async () => core?.close())

  async function setup(): Promise<ReturnType<typeof fakeIpcMain>> {
    core = await startTestCore({ host: 'desktop', version: '1.2.3', autoSync: true })
    const ipc = fakeIpcMain()
    registerIpc(ipc, core, createTrustedFrameCheck())
    return ipc
  }

  it('registers one handler per contract method, and removes them all', async () => {
    const ipc = fakeIpcMain()
    core = await startTestCore({ host: 'desktop', version: '1', dataDir: null, autoSync: true })
    const off = registerIpc(ipc, core, () => true)
    expect([...ipc.handlers.keys()].sort()).toEqual(CHANNELS.map(ipcChannel).sort())
    off()
    expect(ipc.handlers.size).toBe(0)
  })

  it('answers the app frame through the core', async () => {
    const ipc = await setup()
    const result = await ipc.handlers.get(ipcChannel('app:info'))?.(own, {})
    expect(result).toMatchObject({
      ok: true,
      value: { name: 'Agent Console', version: '1.2.3', host: 'desktop' },
    })
  })

  it('refuses calls from any other frame (a page navigated to, an iframe)', async () => {
    const ipc = await setup()
    for (const url of [
      'https://evil.example/',
      'file:///opt/agent-console/out/renderer/index.html',
      'app://agent-console.evil.example/index.html',
      '',
    ]) {
      const result = await ipc.handlers.get(ipcChannel('settings:get'))?.(
        { senderFrame: { url } },
        {},
      )
      expect(result).toMatchObject({ ok: false, error: { message: 'Untrusted sender' } })
    }
    const noFrame = await ipc.handlers.get(ipcChannel('settings:get'))?.({ senderFrame: null }, {})
    expect(noFrame).toMatchObject({ ok: false })
  })

  it('validates input before any handler runs', async () => {
    const ipc = await setup()
    const result = await ipc.handlers.get(ipcChannel('settings:update'))?.(own, { theme: 'neon' })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { theme: expect.any(Array) } },
    })
  })

  it('forwards contract events to every window on the event channel, payload only', () => {
    const bus = new EventBus()
    const sent: Array<[string, unknown]> = []
    const off = forwardEvents({ subscribe: (l) => bus.subscribe(l) }, () => [
      { send: (c, p) => sent.push([c, p]) },
      { send: (c, p) => sent.push([c, p]) },
    ])
    bus.emit('tickets:changed', { reason: 'save', ids: [7] })
    expect(sent).toEqual([
      [ipcEvent('tickets:changed'), { reason: 'save', ids: [7] }],
      [ipcEvent('tickets:changed'), { reason: 'save', ids: [7] }],
    ])
    off()
    bus.emit('tickets:changed', { reason: 'sync' })
    expect(sent).toHaveLength(2)
  })
})

describe('trusted frame check', () => {
  it('accepts the app:// renderer and the dev server only, comparing parsed origins', () => {
    const check = createTrustedFrameCheck('http://localhost:5173')
    expect(check('app://agent-console/index.html')).toBe(true)
    expect(check('app://agent-console/#/queue')).toBe(true)
    expect(check('http://localhost:5173/#/queue')).toBe(true)
    for (const url of [
      'app://agent-console.evil.example/index.html',
      'app://evil/agent-console/index.html',
      'file:///opt/agent-console/out/renderer/index.html',
      'http://localhost:5173@evil.example/',
      'http://localhost:5173.evil.example/',
      'http://user:pw@localhost:5173/',
      'http://localhost:5174/',
      'https://example.com/',
      'not a url',
    ])
      expect(check(url), url).toBe(false)
    // Without a dev server (a packaged build) only app:// passes.
    expect(createTrustedFrameCheck()('http://localhost:5173/')).toBe(false)
  })

  it('lets the shell answer its own methods, still behind the frame check', async () => {
    const ipc = fakeIpcMain()
    const core = {
      call: async () => ({ ok: true, value: 'core' }),
      subscribe: () => () => {},
      close: async () => {},
    }
    registerIpc(ipc, core as never, createTrustedFrameCheck(), {
      'app:openLogFolder': async () => ({ ok: true, value: { opened: true, path: '/logs' } }),
    })
    const handler = ipc.handlers.get(ipcChannel('app:openLogFolder'))!
    expect(await handler(own, {})).toMatchObject({ value: { path: '/logs' } })
    expect(await handler({ senderFrame: { url: 'https://evil.example/' } }, {})).toMatchObject({
      ok: false,
    })
    expect(await ipc.handlers.get(ipcChannel('app:info'))!(own, {})).toMatchObject({
      value: 'core',
    })
  })
})
