/**
 * The CLI's `sync` in a child process, killed with SIGKILL at random points of its sweep, many
 * times: after every kill the cache file passes `PRAGMA integrity_check`, and one more sync
 * converges to the server.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCache } from '../../../src/main/core/db/cache'
import { bundleCli, type CliRunner } from '../../helpers/cli-process'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { cacheView, ids, serverView } from '../../helpers/sync-harness'
import { keyFromFile } from '../../../src/main/core/db/database-key'
import { openDatabase } from '../../../src/main/core/db/open-database'

const KILLS = 15

let sandbox: TestSandbox
let cli: CliRunner
let dir: string

beforeAll(async () => {
  ;[sandbox, cli] = await Promise.all([
    startTestSandbox({ tickets: 1000, seed: 51, perPageCap: 50 }),
    bundleCli(),
  ])
  dir = mkdtempSync(join(tmpdir(), 'agent-console-kill-'))
})
afterAll(async () => {
  cli?.dispose()
  await sandbox?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** A small seeded generator, so a failing run can be repeated. */
function lcg(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
}

function integrity(path: string): string {
  // The cache is encrypted: read it with its key file, as the CLI and the browser host do.
  const db = openDatabase(path, { key: keyFromFile(path) })
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ')
  } finally {
    db.close()
  }
}

describe('sync killed with SIGKILL', () => {
  it('leaves a cache that passes integrity_check every time, and the next sync converges', async () => {
    const dbPath = join(dir, 'cache.sqlite')
    const random = lcg(20250303)
    // A little latency keeps each run's sweep long enough to be killed mid-way.
    await sandbox.control.setFaults({ latencyMs: 3 })
    const serverIds = (await sandbox.control.listTickets()).map((t) => t.id)
    let kills = 0
    let completed = 0
    for (let round = 0; kills < KILLS && round < KILLS * 3; round++) {
      // Another agent keeps changing tickets, so every run has writes to be killed in.
      for (let i = 0; i < 15; i++) {
        const id = serverIds[Math.floor(random() * serverIds.length)] as number
        await sandbox.control.updateTicket(id, { status_memo: `round ${round} edit ${i}` })
      }
      const { child, done } = cli.start(['sync', '--api-url', sandbox.url, '--db', dbPath])
      // Kill at a random point of the ticket sweep, chosen by its own progress (a page number,
      // then a few milliseconds more), so the kill lands mid-sweep however loaded the machine.
      const fraction = random()
      const delay = Math.floor(random() * 40)
      let timer: NodeJS.Timeout | undefined
      child.stderr?.on('data', (chunk: string) => {
        const progress = [...String(chunk).matchAll(/tickets (\d+)\/(\d+)/g)].at(-1)
        if (timer !== undefined || !progress) return
        const [doneNow, total] = [Number(progress[1]), Number(progress[2])]
        if (doneNow >= Math.max(1, Math.floor(fraction * (total - 1))) && doneNow < total) {
          timer = setTimeout(() => child.kill('SIGKILL'), delay)
        }
      })
      const result = await done
      clearTimeout(timer)
      if (result.signal === 'SIGKILL') kills += 1
      else {
        expect(result.code, result.stderr).toBe(0)
        completed += 1
      }
      expect(integrity(dbPath), `after round ${round}`).toBe('ok')
    }
    expect(kills).toBe(KILLS)

    await sandbox.control.clearFaults()
    const final = await cli.run(['sync', '--api-url', sandbox.url, '--db', dbPath, '--json'])
    expect(final.code, final.stderr).toBe(0)
    expect(JSON.parse(final.stdout)).toMatchObject({ complete: true, deleted: 0 })
    expect(integrity(dbPath)).toBe('ok')

    const server = await serverView(sandbox.apiBase)
    const { cache } = openCache(dbPath, { key: keyFromFile(dbPath) })
    try {
      const cached = cacheView(cache)
      expect(ids(cached.tickets)).toEqual(ids(server.tickets))
      for (const [id, ticket] of server.tickets)
        expect(cached.tickets.get(id), `ticket ${id}`).toStrictEqual(ticket)
      expect(cached.lookups).toStrictEqual(server.lookups)
    } finally {
      cache.close()
    }
    // Not essential, but shows the kills did not all land after the work was done.
    expect(completed).toBeLessThan(KILLS)
  }, 120_000)
})
