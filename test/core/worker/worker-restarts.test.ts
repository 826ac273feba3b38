// The shell's side of the worker: heap limits, restarts, and calls that fail instead of hanging.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLineLogger } from '../../../src/main/core/logger'
import { startCoreWorker, WORKER_LIMITS } from '../../../src/main/core/worker/core-worker-client'
import { waitFor } from '../../helpers/wait'

const script = join(import.meta.dirname, 'fixtures/crashing-worker.mjs')

function start(options: { maxRestarts?: number; healthyAfterMs?: number; heapMb?: number } = {}) {
  const lines: string[] = []
  const logger = createLineLogger('debug', (level, line) => lines.push(`${level} ${line}`))
  const endpoint = startCoreWorker({
    script,
    core: { host: 'web', version: 't', dataDir: null, logLevel: 'info' },
    readToken: () => null,
    storeToken: () => {},
    logger,
    ...(options.maxRestarts !== undefined ? { maxRestarts: options.maxRestarts } : {}),
    ...(options.healthyAfterMs !== undefined ? { healthyAfterMs: options.healthyAfterMs } : {}),
    ...(options.heapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.heapMb } } : {}),
  })
  return { endpoint, lines }
}

/** Real time passing: the restart budget comes back only after a healthy period. */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('core worker restarts', () => {
  it('runs the worker with heap limits', async () => {
    const { endpoint } = start()
    const answer = await (await endpoint).call('limits', {})
    expect(answer).toMatchObject({
      ok: true,
      value: { resourceLimits: { maxOldGenerationSizeMb: WORKER_LIMITS.maxOldGenerationSizeMb } },
    })
    await (await endpoint).close()
  })

  it('restarts a worker that outgrew its heap', async () => {
    const { endpoint, lines } = start({ heapMb: 32 })
    const core = await endpoint
    expect(await core.call('oom', {})).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(lines.some((l) => l.includes('core worker exited'))).toBe(true)
    await expect
      .poll(async () => (await core.call('limits', {})).ok, { timeout: 10_000 })
      .toBe(true)
    await core.close()
  })

  it('fails every call at once with service_stopped when the restarts are used up', async () => {
    const { endpoint, lines } = start({ maxRestarts: 2, healthyAfterMs: 60_000 })
    const core = await endpoint
    for (let i = 0; i < 3; i++) {
      expect(await core.call('crash', {})).toMatchObject({ ok: false })
      await waitFor(
        () => lines.filter((l) => l.includes('core worker exited')).length === i + 1,
        `exit ${i + 1} logged`,
      )
    }
    const started = Date.now()
    const after = await core.call('limits', {})
    expect(after).toMatchObject({ ok: false, error: { code: 'service_stopped' } })
    expect(Date.now() - started).toBeLessThan(100)
    expect(lines.some((l) => l.includes('not restarted again'))).toBe(true)
    await core.close()
  })

  it('gives the restarts back after a healthy period', async () => {
    const { endpoint } = start({ maxRestarts: 1, healthyAfterMs: 100 })
    const core = await endpoint
    for (let i = 0; i < 3; i++) {
      await core.call('crash', {})
      // Back up (however long the restart takes on a busy machine), then healthy for longer
      // than the healthy period (100 ms): that wait is the subject, so it is time.
      await expect
        .poll(async () => (await core.call('limits', {})).ok, { timeout: 10_000 })
        .toBe(true)
      await sleep(250)
    }
    await core.close()
  })

  it('writes the worker log lines with the shell logger', async () => {
    const { endpoint, lines } = start()
    const core = await endpoint
    await core.call('log', {})
    expect(lines).toContain('warn from the worker')
    await core.close()
  })
})
