/**
 * An export's file written in a worker thread of its own (writer-thread-entry.ts), with a bounded
 * heap: exceljs leaves every row's XML and zip buffers behind as garbage, which in the core's
 * heap waited for a full collection (the peak grew with the rows) beside the data the screens
 * use. In a small heap of its own that garbage is collected as it is made, and the core only
 * sends cells. Rows cross a batch at a time, at most WRITER_IN_FLIGHT batches unwritten, so a
 * slow disk slows the export instead of queueing the file in memory.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker, type ResourceLimits } from 'node:worker_threads'
import type { Cell } from './export-cells'
import type { RowWriter } from './export-writers'
import type {
  FromWriterThread,
  ToWriterThread,
  WriterThreadInit,
  WriterThreadMemory,
} from './writer-thread-protocol'

/**
 * The thread's heap. exceljs' code and one batch of rows need a few MB; a small young generation
 * is scavenged often, so a row's strings and buffers die there; the old generation is capped so
 * what is promoted is collected long before it matters. Measured at 100,000 rows (see the
 * README's "Export"): the peak no longer follows the row count.
 */
export const WRITER_THREAD_LIMITS: ResourceLimits = {
  maxOldGenerationSizeMb: 48,
  maxYoungGenerationSizeMb: 8,
  stackSizeMb: 4,
}

/** Batches sent and not yet in the file's stream: one being written, one waiting. */
export const WRITER_IN_FLIGHT = 2

/**
 * The writer's bundle beside a bundled core (electron.vite.config.ts builds it beside the core's
 * worker; a test that bundles the CLI puts it beside the CLI).
 */
export const WRITER_THREAD_BUNDLE = 'export-writer.js'

/** The thread's script: the TypeScript entry through tsx's loader, or the bundled entry. */
function threadScript(): { script: URL | string; data: Record<string, unknown> } {
  const here = import.meta.url
  if (here.endsWith('.ts'))
    return {
      script: new URL('../worker/ts-worker-loader.mjs', here),
      data: { tsEntry: new URL('./writer-thread-entry.ts', here).href },
    }
  // Bundled: this module is the core worker's entry or one of its chunks, beside or below it.
  const dir = dirname(fileURLToPath(here))
  const built = [join(dir, WRITER_THREAD_BUNDLE), join(dir, '..', WRITER_THREAD_BUNDLE)].find((p) =>
    existsSync(p),
  )
  if (!built)
    throw new Error(`The export writer (${WRITER_THREAD_BUNDLE}) is missing from the build`)
  return { script: built, data: {} }
}

export async function openThreadWriter(
  init: WriterThreadInit,
  limits: ResourceLimits = WRITER_THREAD_LIMITS,
): Promise<RowWriter> {
  const { script, data } = threadScript()
  const worker = new Worker(script, { workerData: { ...data, ...init }, resourceLimits: limits })
  let error: Error | null = null
  let exited = false
  let unwritten = 0
  let peak: WriterThreadMemory | null = null
  const seen = new Set<FromWriterThread['type']>()
  /** Waiters for the next message (or the failure): each checks its own condition again. */
  let waiters: Array<() => void> = []
  const wake = (): void => {
    const current = waiters
    waiters = []
    for (const w of current) w()
  }
  const until = async (done: () => boolean, evenFailed = false): Promise<void> => {
    while (!done()) {
      if (error && !evenFailed) throw error
      if (exited) throw new Error('The export writer stopped before it was done')
      await new Promise<void>((resolve) => waiters.push(resolve))
    }
  }
  worker.on('message', (message: FromWriterThread) => {
    seen.add(message.type)
    if (message.type === 'written') unwritten -= 1
    else if (message.type === 'finished') peak = message.peak
    else if (message.type === 'failed') error ??= new Error(message.message)
    wake()
  })
  worker.on('error', (e) => {
    // Out of its heap (ERR_WORKER_OUT_OF_MEMORY) or a crash: the export ends with it.
    error ??= new Error(`The export writer failed: ${e.message}`)
    wake()
  })
  worker.on('exit', () => {
    exited = true
    wake()
  })
  const send = (message: ToWriterThread): void => worker.postMessage(message)
  const stop = async (): Promise<void> => {
    if (!exited) await worker.terminate()
  }

  try {
    await until(() => seen.has('ready'))
  } catch (e) {
    await stop()
    throw e
  }
  return {
    get peak() {
      return peak
    },
    async write(rows: readonly Cell[][]) {
      if (error) throw error
      if (exited) throw new Error('The export writer stopped before it was done')
      send({ type: 'rows', rows: rows as Cell[][] })
      unwritten += 1
      await until(() => unwritten < WRITER_IN_FLIGHT)
    },
    async finish() {
      send({ type: 'finish' })
      try {
        await until(() => seen.has('finished'))
      } finally {
        await stop()
      }
    },
    async abort() {
      if (!exited) {
        send({ type: 'abort' })
        // The thread closes the file first (a file left open could not be removed on Windows).
        await until(() => seen.has('aborted'), true).catch(() => undefined)
      }
      await stop()
    },
  }
}
