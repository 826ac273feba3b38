/**
 * Worker-thread entry: writes one export's file (writer-thread.ts starts it). exceljs makes a
 * string of XML and zip buffers for every row; here they live and die in a heap of their own,
 * bounded by the thread's resource limits, instead of in the core's heap beside the screens'.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openFileWriter, type RowWriter } from './export-writers'
import type {
  FromWriterThread,
  ToWriterThread,
  WriterThreadInit,
  WriterThreadMemory,
} from './writer-thread-protocol'

const port = parentPort
if (!port) throw new Error('writer-thread-entry must run in a worker thread')
const post = (message: FromWriterThread): void => port.postMessage(message)
const init = workerData as WriterThreadInit

const peak: WriterThreadMemory = { heapUsed: 0, external: 0 }
const sample = (): void => {
  const m = process.memoryUsage()
  peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed)
  peak.external = Math.max(peak.external, m.external)
}

let writer: RowWriter | null = null
/** Messages are handled one after another: a batch is in the stream before the next starts. */
let queue: Promise<void> = Promise.resolve()
let failed = false

async function handle(message: ToWriterThread): Promise<void> {
  if (message.type === 'abort') {
    await writer?.abort()
    post({ type: 'aborted' })
    return
  }
  if (failed || !writer) return
  if (message.type === 'rows') {
    await writer.write(message.rows)
    // Sampled per batch, where the heap peaks, rather than on a timer beside the work.
    sample()
    post({ type: 'written' })
  } else {
    await writer.finish()
    sample()
    post({ type: 'finished', peak })
  }
}

function fail(error: unknown): void {
  failed = true
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
}

port.on('message', (message: ToWriterThread) => {
  // An abort must not wait behind a write that waits for a disk that never drains.
  if (message.type === 'abort') void handle(message).catch(fail)
  else queue = queue.then(() => handle(message)).catch(fail)
})

try {
  writer = await openFileWriter(init.format, init.path, init.header, init.sheetName)
  post({ type: 'ready' })
} catch (error) {
  fail(error)
}
