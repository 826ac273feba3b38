// The Electron binary cannot run here: electron's contextBridge and ipcRenderer are replaced by
// recording fakes (the one place the project mocks anything).
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { CHANNELS, EVENT_NAMES, ipcChannel, ipcEvent } from '../../src/shared/contract/contract'

const exposed: Record<string, unknown> = {}
const invoked: Array<{ channel: string; input: unknown }> = []
const listeners = new Map<string, Set<(...args: unknown[]) => void>>()

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => {
      exposed[key] = value
    },
  },
  ipcRenderer: {
    invoke: async (channel: string, input: unknown) => {
      invoked.push({ channel, input })
      return { ok: true, value: 'from-main' }
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set())
      listeners.get(channel)?.add(listener)
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => {
      listeners.get(channel)?.delete(listener)
    },
  },
}))

describe('preload bridge', () => {
  beforeEach(async () => {
    invoked.length = 0
    await import('../../src/preload/index')
  })

  it('exposes exactly the contract methods and `on` as window.api, nothing else', () => {
    expect(Object.keys(exposed)).toEqual(['api'])
    const api = exposed['api'] as Record<string, unknown>
    expect(Object.keys(api).sort()).toEqual([...CHANNELS, 'on'].sort())
    for (const key of Object.keys(api)) expect(typeof api[key]).toBe('function')
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('forwards a method call to its own IPC channel with the input', async () => {
    const api = exposed['api'] as Record<string, (input: unknown) => Promise<unknown>>
    const result = await api['tickets:get']?.({ id: 5 })
    expect(result).toEqual({ ok: true, value: 'from-main' })
    expect(invoked).toEqual([{ channel: ipcChannel('tickets:get'), input: { id: 5 } }])
  })

  it('delivers only the payload of an event, never the IPC event object, and unsubscribes', () => {
    const api = exposed['api'] as { on: (e: string, l: (p: unknown) => void) => () => void }
    const received: unknown[] = []
    const off = api.on('sync:status', (payload) => received.push(payload))
    const channel = ipcEvent('sync:status')
    const fakeEvent = { sender: { send: () => {} } }
    listeners.get(channel)?.forEach((l) => l(fakeEvent, { state: 'online' }))
    expect(received).toEqual([{ state: 'online' }])
    off()
    expect(listeners.get(channel)?.size).toBe(0)
  })

  it('refuses to subscribe to events outside the contract', () => {
    const api = exposed['api'] as { on: (e: string, l: (p: unknown) => void) => () => void }
    expect(() => api.on('ipc:raw', () => {})).toThrow(/Unknown event/)
    expect(EVENT_NAMES.length).toBeGreaterThan(0)
  })
})
