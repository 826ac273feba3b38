/**
 * IPC wiring generated from the contract: one `ipcMain.handle` per method, each accepting calls
 * only from the app's own frame, and the core's events forwarded to the windows. Takes the
 * Electron objects as parameters so tests can drive it without the Electron binary.
 */
import { CHANNELS, EVENT_NAMES, ipcChannel, ipcEvent } from '../shared/contract/contract'
import type { Channel, Envelope } from '../shared/contract/contract'
import type { CoreEndpoint } from './core'

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, input: unknown) => Promise<unknown>): void
  removeHandler(channel: string): void
}

export interface IpcEventLike {
  senderFrame: { url: string } | null
}

export interface EventTarget {
  send(channel: string, payload: unknown): void
}

/** True when the frame that sent an IPC message is the app's own page. */
export type TrustedFrameCheck = (frameUrl: string) => boolean

/** Methods the shell answers itself (they need Electron), instead of the core. */
export type ShellHandlers = Partial<Record<Channel, (input: unknown) => Promise<Envelope<unknown>>>>

export function registerIpc(
  ipcMain: IpcMainLike,
  core: CoreEndpoint,
  isTrustedFrame: TrustedFrameCheck,
  shellHandlers: ShellHandlers = {},
): () => void {
  for (const channel of CHANNELS) {
    const own = shellHandlers[channel]
    ipcMain.handle(ipcChannel(channel), async (event, input): Promise<Envelope<unknown>> => {
      const url = event.senderFrame?.url ?? ''
      if (!isTrustedFrame(url)) {
        return { ok: false, error: { code: 'invalid_input', message: 'Untrusted sender' } }
      }
      return own ? own(input) : core.call(channel, input)
    })
  }
  return () => CHANNELS.forEach((channel) => ipcMain.removeHandler(ipcChannel(channel)))
}

/** Forwards every contract event to the given targets (the app's windows). */
export function forwardEvents(
  core: Pick<CoreEndpoint, 'subscribe'>,
  targets: () => EventTarget[],
): () => void {
  const known = new Set<string>(EVENT_NAMES)
  return core.subscribe((name, payload) => {
    if (!known.has(name)) return
    for (const target of targets()) target.send(ipcEvent(name), payload)
  })
}
