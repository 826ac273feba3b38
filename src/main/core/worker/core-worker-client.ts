/**
 * The shell's side of the core worker: the same call / subscribe / close surface as an
 * in-process core. If the worker dies, pending calls get an error envelope and it is restarted
 * (a few times), so a crash in the data layer never takes the window down with it. Once the
 * restarts are used up every call fails at once with `service_stopped` (never hangs); a worker
 * that stayed up for a healthy period earns its restarts back.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads'
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
  /** Restarts allowed before calls fail with service_stopped (default 3). */
  maxRestarts?: number
  /** A worker up this long resets the restart count (default 60 s). */
  healthyAfterMs?: number
  /** Heap limits of the worker (default WORKER_LIMITS): a runaway core dies, not the app. */
  resourceLimits?: ResourceLimits
}

/**
 * The worker's heap: room for a 100-ticket page of large tickets and the sync's working set
 * many times over, small enough that a leak ends in a restart instead of swapping the desktop.
 */
export const WORKER_LIMITS: ResourceLimits = {
  maxOldGenerationSizeMb: 1024,
  maxYoungGenerationSizeMb: 64,
  stackSizeMb: 8,
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
  let stopped = false
  let healthyTimer: NodeJS.Timeout | undefined
  let worker: Worker
  const maxRestarts = options.maxRestarts ?? 3
  const stoppedEnvelope = (): Envelope<unknown> => ({
    ok: false,
    error: {
      code: 'service_stopped',
      message: `The data service stopped after ${maxRestarts} restarts; restart the app (see the log file)`,
    },
  })

  const spawn = (): Promise<void> =>
    new Promise((resolve, reject) => {
      worker = new Worker(options.script, {
        workerData: { ...options.extraData, ...options.core, token: options.readToken() },
        resourceLimits: options.resourceLimits ?? WORKER_LIMITS,
      })
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            clearTimeout(healthyTimer)
            healthyTimer = setTimeout(() => (restarts = 0), options.healthyAfterMs ?? 60_000)
            healthyTimer.unref()
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
          case 'log':
            options.logger[message.level](message.line)
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
        clearTimeout(healthyTimer)
        if (closing) {
          for (const settle of pending.values()) settle(STOPPED)
          pending.clear()
          return
        }
        options.logger.error('core worker exited', { code })
        if (restarts < maxRestarts) {
          restarts += 1
          for (const settle of pending.values()) settle(STOPPED)
          void spawn().catch(() => undefined)
        } else {
          stopped = true
          options.logger.error('core worker not restarted again', { restarts })
          for (const settle of pending.values()) settle(stoppedEnvelope())
        }
        pending.clear()
      })
    })

  await spawn()

  return {
    call: (channel, input) =>
      new Promise((resolve) => {
        if (stopped) return resolve(stoppedEnvelope())
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
      clearTimeout(healthyTimer)
      if (stopped) return
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
