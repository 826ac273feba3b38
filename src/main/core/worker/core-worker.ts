/**
 * Worker-thread entry: runs the whole core (cache, sync, API client) off the shell's thread, so
 * no database or sync work ever holds the thread that paints the window and answers clicks.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createCore } from '../core'
import { createLineLogger } from '../logger'
import type { SecretStore } from '../settings/secret-store'
import type { FromWorker, ToWorker, WorkerCoreOptions } from './worker-protocol'

const port = parentPort
if (!port) throw new Error('core-worker must run in a worker thread')
const post = (message: FromWorker): void => port.postMessage(message)

const { token, logLevel, ...options } = workerData as WorkerCoreOptions
let current = token
const secrets: SecretStore = {
  get: () => current,
  set: (value) => {
    current = value
    post({ type: 'secret', token: value })
  },
}

// Log lines go to the shell, which writes them with its own (to the desktop app's log file).
const logger = createLineLogger(logLevel, (level, line) => post({ type: 'log', level, line }))

try {
  const core = await createCore({ ...options, secrets, logger })
  core.subscribe((name, payload) => post({ type: 'event', name, payload }))
  port.on('message', (message: ToWorker) => {
    if (message.type === 'call') {
      void core
        .call(message.channel, message.input)
        .then((envelope) => post({ type: 'result', id: message.id, envelope }))
    } else if (message.type === 'close') {
      void core.close().then(() => post({ type: 'closed' }))
    }
  })
  post({ type: 'ready' })
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
}
