/**
 * The outbox: how long an edit takes to be on disk (one FULL-synchronous commit, what the agent
 * waits for before "saved"), and how long 100 waiting edits take to send once the server answers
 * (each: a re-read, then a PUT of only its fields), against a local sandbox.
 */
import { join } from 'node:path'
import { startSandbox } from '../../src/sandbox/server'
import { SandboxControl } from '../../src/sandbox/control-client'
import { round, summarize, type Summary } from '../cache/stats'
import {
  createVendorClient,
  openCache,
  OutboxSender,
  OutboxStore,
  SyncEngine,
} from '../../src/main/core'

export interface OutboxBenchReport {
  /** One edit committed to the outbox file (synchronous=FULL, rollback journal), ms. */
  enqueueMs: Summary
  /** The same with the write-ahead log older versions used (its commits only in the -wal), ms. */
  enqueueWalMs: Summary
  send100: { ms: number; perEditMs: number; puts: number; reads: number }
}

export async function runOutboxBench(
  dir: string,
  log: (l: string) => void,
): Promise<OutboxBenchReport> {
  const sandbox = await startSandbox({ port: 0, tickets: 300, seed: 7 })
  const control = new SandboxControl(sandbox.url)
  const { cache } = openCache(join(dir, 'outbox-bench-cache.sqlite'))
  const store = new OutboxStore(join(dir, 'outbox-bench-cache.outbox.sqlite'))
  try {
    const api = createVendorClient({ baseUrl: sandbox.apiBase, retry: { retries: 0 } })
    await new SyncEngine({ api: () => api, cache, meId: () => null }).runFull()
    const ids = cache.allTicketIds()

    log('outbox: 500 edits put on disk, with a rollback journal and with a log, interleaved...')
    const walStore = new OutboxStore(join(dir, 'outbox-bench-wal.outbox.sqlite'), {
      journal: 'wal',
    })
    const samples: number[] = []
    const walSamples: number[] = []
    const enqueueOne = (into: OutboxStore, i: number, out: number[]): void => {
      const id = ids[i % ids.length] as number
      const t0 = performance.now()
      into.enqueue({
        kind: 'update',
        ticketId: id,
        changes: { status_memo: `bench ${i}` },
        base: { updatedAt: null, values: { status_memo: null } },
      })
      out.push(performance.now() - t0)
    }
    try {
      for (let i = 0; i < 500; i++) {
        enqueueOne(store, i, samples)
        enqueueOne(walStore, i, walSamples)
      }
    } finally {
      walStore.close()
    }
    store.removeAll()

    log('outbox: 100 waiting edits sent...')
    for (let i = 0; i < 100; i++) {
      const id = ids[i] as number
      const cached = cache.getTicket(id)?.ticket
      store.enqueue({
        kind: 'update',
        ticketId: id,
        changes: { status_memo: `sent ${i}` },
        base: {
          updatedAt: cached?.updated_at ?? null,
          values: { status_memo: cached?.status_memo ?? null },
        },
      })
    }
    await control.resetStats()
    const sender = new OutboxSender({ store, api: () => api, cache, autoRetry: false })
    const t0 = performance.now()
    const result = await sender.drain()
    const ms = performance.now() - t0
    if (result.waiting !== 0) throw new Error(`outbox bench: ${result.waiting} still waiting`)
    const stats = await control.stats()
    return {
      enqueueMs: summarize(samples),
      enqueueWalMs: summarize(walSamples),
      send100: {
        ms: round(ms, 0),
        perEditMs: round(ms / 100, 1),
        puts: stats.applied['PUT /ticket/{id}'] ?? 0,
        reads: stats.applied['GET /ticket/{id}'] ?? 0,
      },
    }
  } finally {
    store.close()
    cache.close()
    await sandbox.close()
  }
}

export function printOutbox(r: OutboxBenchReport): string[] {
  return [
    'outbox',
    `  an edit on disk (synchronous=FULL, rollback journal): p50 ${r.enqueueMs.p50} p95 ${r.enqueueMs.p95} p99 ${r.enqueueMs.p99} max ${r.enqueueMs.max} ms (n=${r.enqueueMs.n})`,
    `  the same in a write-ahead log (before): p50 ${r.enqueueWalMs.p50} p95 ${r.enqueueWalMs.p95} p99 ${r.enqueueWalMs.p99} max ${r.enqueueWalMs.max} ms; rollback/log p50 ${round(r.enqueueMs.p50 / Math.max(r.enqueueWalMs.p50, 0.001), 2)}x`,
    `  100 waiting edits sent: ${r.send100.ms} ms (${r.send100.perEditMs} ms each; ${r.send100.reads} re-reads, ${r.send100.puts} PUTs)`,
  ]
}
