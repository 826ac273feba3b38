/**
 * Two processes on one `--db`, one outbox: this test's own core parts (as a browser host has
 * them) and the real CLI in a child process. Every round the host queues creates, an update and
 * a delete while the CLI writes too, and both drain the outbox at the same moment. The sandbox
 * counts what it received: every edit exactly once, none lost, none twice.
 * `ROUNDS=50 npx vitest run test/core/outbox/two-processes.test.ts` runs the long version.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVendorClient } from '../../../src/main/core/api'
import { openCache } from '../../../src/main/core/db/cache'
import { keyFromFile } from '../../../src/main/core/db/database-key'
import { OutboxSender } from '../../../src/main/core/outbox/outbox-sender'
import { OutboxStore, outboxPathFor } from '../../../src/main/core/outbox/outbox-store'
import type { Ticket } from '../../../src/shared/domain/api-schemas'
import { bundleCli, type CliRunner } from '../../helpers/cli-process'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { rawListing } from '../../helpers/sync-harness'
import { waitFor } from '../../helpers/wait'

const ROUNDS = Number(process.env.ROUNDS ?? 5)

async function requestsSoFar(): Promise<number> {
  const { requests } = await sandbox.control.stats()
  return Object.values(requests).reduce((a, b) => a + b, 0)
}

let sandbox: TestSandbox
let cli: CliRunner
let dir: string

beforeAll(async () => {
  ;[sandbox, cli] = await Promise.all([
    startTestSandbox({ tickets: 40 + ROUNDS * 4, seed: 23 }),
    bundleCli(),
  ])
  dir = mkdtempSync(join(tmpdir(), 'ac-outbox-two-'))
})
afterAll(async () => {
  cli?.dispose()
  await sandbox?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('two processes draining one outbox', () => {
  it(
    `sends every edit exactly once through ${ROUNDS} rounds`,
    async () => {
      const db = join(dir, 'cache.sqlite')
      const sync = await cli.run(['sync', '--api-url', sandbox.url, '--db', db])
      expect(sync.code, sync.stderr).toBe(0)
      const key = keyFromFile(db)
      const { cache } = openCache(db, { key })
      const store = new OutboxStore(outboxPathFor(db), { key })
      const api = createVendorClient({ baseUrl: sandbox.apiBase, retry: { retries: 0 } })
      const sender = new OutboxSender({
        store,
        api: () => api,
        cache,
        autoRetry: false,
        settleDelayMs: 5,
      })
      const free = (await sandbox.control.listTickets()).map((t) => t.id)
      await sandbox.control.resetStats()
      // A little latency widens the window in which both drains hold the same entries.
      await sandbox.control.setFaults({ latencyMs: 20 })
      const creates: string[] = []
      let updates = 0
      let deletes = 0
      try {
        for (let round = 0; round < ROUNDS; round++) {
          for (const i of [0, 1]) {
            const subject = `host round ${round} create ${i}`
            creates.push(subject)
            store.enqueue({
              kind: 'create',
              ticketId: null,
              changes: { subject, content: '來電者的說明' },
            })
          }
          store.enqueue({
            kind: 'update',
            ticketId: free.shift()!,
            changes: { status_memo: `host round ${round}` },
          })
          store.enqueue({ kind: 'delete', ticketId: free.shift()!, changes: {} })
          updates += 1
          deletes += 1
          let args: string[]
          if (round % 2 === 0) {
            const subject = `cli round ${round}`
            creates.push(subject)
            args = ['create', '--set', `subject=${subject}`, '--set', 'content=CLI 的說明']
          } else {
            updates += 1
            args = ['update', String(free.shift()!), '--set', `status_memo=cli round ${round}`]
          }
          // The host's drain starts once the CLI's has begun (its first request), so the two overlap.
          const before = await requestsSoFar()
          const running = cli.run([...args, '--api-url', sandbox.url, '--db', db])
          let ended = false
          void running.finally(() => (ended = true))
          await waitFor(
            async () => ended || (await requestsSoFar()) !== before,
            "the CLI's first request",
            { intervalMs: 5 },
          )
          const [viaCli] = await Promise.all([running, sender.drain()])
          expect(viaCli.code, viaCli.stderr).toBe(0)
        }
        // Whatever one side left (it waited for the other) goes out now.
        const last = await sender.drain()
        expect(last.waiting).toBe(0)
      } finally {
        store.close()
        cache.close()
        await sandbox.control.clearFaults()
      }
      const { applied } = await sandbox.control.stats()
      expect({
        posts: applied['POST /ticket'] ?? 0,
        puts: applied['PUT /ticket/{id}'] ?? 0,
        deletes: applied['DELETE /ticket/{id}'] ?? 0,
      }).toEqual({ posts: creates.length, puts: updates, deletes })
      const subjects = (await rawListing<Ticket>(sandbox.apiBase, '/ticket')).map((t) => t.subject)
      for (const subject of creates) expect(subjects.filter((s) => s === subject)).toHaveLength(1)
    },
    60_000 + ROUNDS * 10_000,
  )
})
