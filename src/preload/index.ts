/**
 * The bridge: `window.api` has one function per contract method and `on` for its events, derived
 * from the contract (not typed out by hand). No ipcRenderer, no Node, nothing else.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { CHANNELS, EVENT_NAMES, ipcChannel, ipcEvent } from '../shared/contract/contract'
import type { EventName } from '../shared/contract/contract'
import type { PreloadApi } from './api'

export function buildPreloadApi(
  renderer: Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>,
): PreloadApi {
  const methods = Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      (input: unknown) => renderer.invoke(ipcChannel(channel), input),
    ]),
  )
  const known = new Set<string>(EVENT_NAMES)
  const on = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    if (!known.has(event)) throw new Error(`Unknown event "${event}"`)
    // Never hand the IpcRendererEvent (and its sender) to the page: only the payload.
    const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload)
    renderer.on(ipcEvent(event), wrapped)
    return () => {
      renderer.removeListener(ipcEvent(event), wrapped)
    }
  }
  return Object.freeze({ ...methods, on }) as PreloadApi
}

contextBridge.exposeInMainWorld('api', buildPreloadApi(ipcRenderer))
