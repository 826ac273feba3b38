/**
 * Two processes opening one new file at once (two CLI commands on the same --db) both migrate it:
 * neither may fail on "table already exists" because it read the schema version before the other
 * committed.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'concurrent-migrations-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Child {
  go(): void
  done: Promise<{ code: number | null; stderr: string }>
}

/** Starts a child that opens `file` when told to go; resolves once it has loaded and is waiting. */
async function childFor(file: string): Promise<Child> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/helpers/open-outbox-child.ts', file],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  )
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = once(child, 'exit') as Promise<[number | null]>
  await once(child.stdout, 'data')
  return {
    go: () => child.stdin.end('go\n'),
    done: exited.then(([code]) => ({ code, stderr })),
  }
}

describe('migrations under concurrent opens', () => {
  it('lets four processes open one new outbox file at once, ten times over', async () => {
    for (let round = 0; round < 10; round++) {
      const file = join(dir, `outbox-${round}.sqlite`)
      const children = await Promise.all([0, 1, 2, 3].map(() => childFor(file)))
      for (const child of children) child.go()
      const results = await Promise.all(children.map((c) => c.done))
      for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 })
    }
  }, 60_000)
})
