/**
 * 30 SIGKILLs of the CLI with edits waiting or in flight (updates, creates, deletes): after one
 * more `sync`, every edit is on the server exactly once (the sandbox's applied PUT, POST and
 * DELETE counts equal the number of edits), none lost, none duplicated. Each kill is timed from
 * progress, not from a timer alone: when the sandbox has received the edit's read (the edit
 * waits, not sent yet) or its write (in flight), then a random few milliseconds more, with a
 * sandbox latency so the kill lands before, during or after the server's work.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCoreForReads } from '../../src/cli/open-core-for-cli'
import { bundleCli, type CliRunner } from '../helpers/cli-process'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'

const KILLS = 30
const LATENCY_MS = 25

let sandbox: TestSandbox
let cli: CliRunner
let dir: string

beforeAll(async () => {
  ;[sandbox, cli] = await Promise.all([startTestSandbox({ tickets: 150, seed: 81 }), bundleCli()])
  dir = mkdtempSync(join(tmpdir(), 'agent-console-outbox-kill-'))
})
afterAll(async () => {
  cli?.dispose()
  await sandbox?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function lcg(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
}

async function count(route: string, kind: 'requests' | 'applied' = 'requests'): Promise<number> {
  return (await sandbox.control.stats())[kind][route] ?? 0
}

describe('the CLI killed with SIGKILL while edits wait or are in flight', () => {
  it('delivers every edit exactly once', async () => {
    const db = join(dir, 'cache.sqlite')
    const sync = await cli.run(['sync', '--api-url', sandbox.url, '--db', db])
    expect(sync.code, sync.stderr).toBe(0)
    const free = (await sandbox.control.listTickets()).map((t) => t.id)
    await sandbox.control.resetStats()
    await sandbox.control.setFaults({ latencyMs: LATENCY_MS })
    const random = lcg(20261201)

    const updates = new Map<number, string>()
    const creates: string[] = []
    const deletes: number[] = []
    let kills = 0
    const leftByKills = { sending: 0, pending: 0 }
    for (let round = 0; kills < KILLS && round < KILLS * 3; round++) {
      const kind = (['update', 'create', 'delete'] as const)[round % 3]!
      let args: string[]
      let writeRoute: string
      let readRoute: string
      if (kind === 'update') {
        const id = free.shift()!
        const memo = `kill round ${round}`
        updates.set(id, memo)
        args = ['update', String(id), '--set', `status_memo=${memo}`]
        writeRoute = 'PUT /ticket/{id}'
        readRoute = 'GET /ticket/{id}'
      } else if (kind === 'create') {
        const subject = `kill create ${round}`
        creates.push(subject)
        args = ['create', '--set', `subject=${subject}`, '--set', 'content=客戶的完整說明']
        writeRoute = 'POST /ticket'
        readRoute = 'GET /ticket'
      } else {
        const id = free.shift()!
        deletes.push(id)
        args = ['delete', String(id)]
        writeRoute = 'DELETE /ticket/{id}'
        readRoute = 'GET /ticket/{id}'
      }
      // Half the kills when the edit's read arrives (it waits, unsent), half at its write.
      const route = random() < 0.5 ? readRoute : writeRoute
      const seen = await count(route)
      const delay = Math.floor(random() * LATENCY_MS * 2.5)
      const { child, done } = cli.start([...args, '--db', db, '--api-url', sandbox.url])
      let exited = false
      void done.then(() => (exited = true))
      let timer: NodeJS.Timeout | undefined
      while (!exited && timer === undefined) {
        if ((await count(route)) > seen) timer = setTimeout(() => child.kill('SIGKILL'), delay)
        else await new Promise((r) => setImmediate(r))
      }
      const result = await done
      clearTimeout(timer)
      if (result.signal === 'SIGKILL') {
        kills++
        const core = await openCoreForReads(db, { cache: 'optional' })
        for (const e of core.outbox.store.list())
          leftByKills[e.state === 'sending' ? 'sending' : 'pending']++
        await core.close()
      } else expect(result.code, result.stderr).toBe(0)
    }
    expect(kills).toBe(KILLS)

    // Not essential, but shows the kills left edits both unsent and in doubt for the next run.
    expect(leftByKills.sending).toBeGreaterThan(3)
    expect(leftByKills.pending).toBeGreaterThan(3)

    await sandbox.control.clearFaults()
    const final = await cli.run(['sync', '--api-url', sandbox.url, '--db', db])
    expect(final.code, final.stderr).toBe(0)
    const left = await cli.run(['outbox', '--db', db, '--json'])
    expect(JSON.parse(left.stdout)).toEqual([])

    const stats = await sandbox.control.stats()
    expect(stats.applied['PUT /ticket/{id}'] ?? 0).toBe(updates.size)
    expect(stats.applied['POST /ticket'] ?? 0).toBe(creates.length)
    expect(stats.applied['DELETE /ticket/{id}'] ?? 0).toBe(deletes.length)
    for (const [id, memo] of updates)
      expect((await sandbox.control.getTicket(id))?.status_memo, `ticket ${id}`).toBe(memo)
    for (const id of deletes) expect(await sandbox.control.getTicket(id), `ticket ${id}`).toBeNull()
    const all = await Promise.all(
      (await sandbox.control.listTickets()).map((t) => sandbox.control.getTicket(t.id)),
    )
    for (const subject of creates)
      expect(
        all.filter((t) => t?.subject === subject),
        subject,
      ).toHaveLength(1)
  }, 240_000)
})
