/**
 * The shell's side of the core worker: the same call / subscribe / close surface as an
 * in-process core. If the worker dies, pending calls get an error envelope and it is restarted
 * (a few times), so a crash in the data layer never takes the window down with it.
 */
import { Worker } from 'node:worker_threads'
import type { Envelope } from '../../../shared/contract/contract'
import type { CoreEndpoint } from '../core'
import { EventBus, type EventListener } from '../events/event-bus'
import type { Logger } from '../logger'
import type { FromWorker, ToWorker, WorkerCoreOptions } from './worker-protocol'

export interface CoreWorkerOptions {
  /** The worker script: the bundled core-worker.js, or a loader that imports core-worker.ts. */
  script: string | URL
  /** Extra workerData the script needs besides the core options (e.g. the .ts entry to load). */
  extraData?: Record<string, unknown>
  core: Omit<WorkerCoreOptions, 'token'>
  /** Reads and stores the token on the shell's side (safeStorage in the desktop app). */
  readToken: () => string | null
  storeToken: (token: string | null) => void
  logger: Logger
  maxRestarts?: number
}

const STOPPED: Envelope<unknown> = {
  ok: false,
  error: { code: 'internal', message: 'The data service stopped; it is being restarted' },
}

export async function startCoreWorker(options: CoreWorkerOptions): Promise<CoreEndpoint> {
  const events = new EventBus()
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>()
  let nextId = 1
  let restarts = 0
  let closing = false
  let worker: Worker

  const spawn = (): Promise<void> =>
    new Promise((resolve, reject) => {
      worker = new Worker(options.script, {
        workerData: { ...options.extraData, ...options.core, token: options.readToken() },
      })
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            resolve()
            break
          case 'failed':
            reject(new Error(message.message))
            break
          case 'result':
            pending.get(message.id)?.(message.envelope)
            pending.delete(message.id)
            break
          case 'event':
            events.emit(message.name, message.payload as never)
            break
          case 'secret':
            options.storeToken(message.token)
            break
          case 'closed':
            void worker.terminate()
            break
        }
      })
      worker.on('error', (error) => {
        options.logger.error('core worker failed', { error: error.message })
        reject(error)
      })
      worker.on('exit', (code) => {
        for (const settle of pending.values()) settle(STOPPED)
        pending.clear()
        if (closing) return
        options.logger.error('core worker exited', { code })
        if (restarts < (options.maxRestarts ?? 3)) {
          restarts += 1
          void spawn().catch(() => undefined)
        }
      })
    })

  await spawn()

  return {
    call: (channel, input) =>
      new Promise((resolve) => {
        const id = nextId++
        pending.set(id, resolve)
        const message: ToWorker = { type: 'call', id, channel, input }
        try {
          worker.postMessage(message)
        } catch {
          pending.delete(id)
          resolve({ ok: false, error: { code: 'invalid_input', message: 'Input cannot be sent' } })
        }
      }),
    subscribe: (listener: EventListener) => events.subscribe(listener),
    close: async () => {
      closing = true
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 5_000)
        worker.once('exit', () => {
          clearTimeout(timer)
          resolve()
        })
        worker.postMessage({ type: 'close' } satisfies ToWorker)
      })
    },
  }
}
