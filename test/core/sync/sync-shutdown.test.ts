/**
 * Shutting the core down in the middle of a sync, 30 times, at varied points of it (before its
 * first request, in the lookups, among the ticket pages, in the deletion checks, between runs),
 * against the real sandbox: close() resolves, nothing is logged as an error, no promise is left
 * rejected unhandled (the run in flight is cancelled and lets go of the cache before it closes),
 * and the next start finds a cache it can use.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Logger } from '../../../src/main/core/logger'
import type { SyncStatus } from '../../../src/shared/contract/contract'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { waitFor } from '../../helpers/wait'
import { startTestCore } from '../../helpers/core'

const ROUNDS = 30

let sandbox: TestSandbox
let root: string
const unhandled: unknown[] = []
const onUnhandled = (reason: unknown): void => void unhandled.push(reason)

beforeAll(async () => {
  sandbox = await startTestSandbox({ tickets: 400, seed: 131, perPageCap: 20 })
  root = mkdtempSync(join(tmpdir(), 'agent-console-shutdown-'))
  process.on('unhandledRejection', onUnhandled)
})
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled)
  await sandbox?.close()
  if (root) rmSync(root, { recursive: true, force: true })
})

describe('shutting the core down during a sync', () => {
  it('30 times, at varied points: no error, no unhandled rejection, a usable cache after', async () => {
    const errors: string[] = []
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (message, data) => void errors.push(`${message} ${JSON.stringify(data ?? {})}`),
    }
    const stoppedAt: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      // Every third round starts from an empty cache (a first sync: lookups, pages, indexes);
      // the others reuse the last one (a sweep resumed, or hot and mine refreshes).
      const dataDir = join(root, `round-${Math.floor(round / 3)}`)
      const statuses: SyncStatus[] = []
      const core = await startTestCore({
        dataDir,
        connect: { apiUrl: sandbox.apiBase },
        autoSync: true,
        logger,
      })
      core.subscribe((name, payload) => {
        if (name === 'sync:status') statuses.push(payload as SyncStatus)
      })
      // Shut down after 0 to ~40 status changes of this run: each a different point of it.
      const after = (round * 7) % 41
      await waitFor(
        () => statuses.length >= after || (statuses.length > 0 && !core.sync.isRunning()),
        `status change ${after} of round ${round}`,
      )
      const last = statuses.at(-1)
      stoppedAt.push(last?.progress ? `${last.progress.phase} ${last.progress.done}` : 'idle')
      await core.close()
      expect(core.sync.isRunning(), `round ${round}`).toBe(false)
    }
    // Let any stray rejection surface before looking.
    await new Promise((resolve) => setImmediate(resolve))
    expect(unhandled.map(String)).toEqual([])
    expect(errors).toEqual([])
    // The points really varied: before any progress, among the pages, and between runs.
    expect(new Set(stoppedAt).size, stoppedAt.join(', ')).toBeGreaterThan(5)
    expect(stoppedAt.some((s) => s.startsWith('tickets'))).toBe(true)

    // The last cache opens and completes a sync.
    const core = await startTestCore({
      dataDir: join(root, `round-${Math.floor((ROUNDS - 1) / 3)}`),
      connect: { apiUrl: sandbox.apiBase },
      logger,
    })
    try {
      const summary = await core.sync.runFull()
      expect(summary.complete).toBe(true)
      expect(errors).toEqual([])
    } finally {
      await core.close()
    }
  }, 120_000)
})
