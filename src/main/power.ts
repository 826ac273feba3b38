/**
 * No ticket sync while the machine sleeps or the screen is locked: Electron's powerMonitor
 * events become the core's sync:pause / sync:resume (each reason counted apart, so unlocking a
 * screen on a machine that is still suspending does not resume). The core runs a catch-up sync
 * when the last reason ends. Takes the powerMonitor as a parameter so tests need no Electron.
 */
import type { CoreEndpoint, Logger } from './core'

export interface PowerMonitorLike {
  on(event: PowerEvent, listener: () => void): unknown
  removeListener(event: PowerEvent, listener: () => void): unknown
}

type PowerEvent = 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen'

const EVENTS: {
  event: PowerEvent
  channel: 'sync:pause' | 'sync:resume'
  reason: 'suspend' | 'lock'
}[] = [
  { event: 'suspend', channel: 'sync:pause', reason: 'suspend' },
  { event: 'resume', channel: 'sync:resume', reason: 'suspend' },
  { event: 'lock-screen', channel: 'sync:pause', reason: 'lock' },
  { event: 'unlock-screen', channel: 'sync:resume', reason: 'lock' },
]

/** Wires the power events to the core; returns a function that unwires them. */
export function watchPower(
  power: PowerMonitorLike,
  core: Pick<CoreEndpoint, 'call'>,
  logger: Logger,
): () => void {
  const listeners = EVENTS.map(({ event, channel, reason }) => {
    const listener = (): void => {
      logger.info('power event', { event })
      void core.call(channel, { reason }).then((envelope) => {
        if (!envelope.ok) logger.warn('power event not applied', { event, ...envelope.error })
      })
    }
    power.on(event, listener)
    return { event, listener }
  })
  return () => {
    for (const { event, listener } of listeners) power.removeListener(event, listener)
  }
}
