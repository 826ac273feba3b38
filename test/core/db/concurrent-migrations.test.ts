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
import { createInterface } from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'concurrent-migrations-'))

interface Child {
  /** Has the child open `file`; resolves with its one-line answer. */
  open(file: string): Promise<string>
  stop(): void
}

/** Starts a child that opens each file it is sent; resolves once it has loaded and is waiting. */
async function startChild(): Promise<Child> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/helpers/open-outbox-child.ts'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  )
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const exited = once(child, 'exit').then(([code]) => `exited ${String(code)}: ${stderr}`)
  const next = async (): Promise<string> =>
    Promise.race([lines.next().then((r) => (r.done ? exited : r.value)), exited])
  expect(await next()).toBe('ready')
  return {
    open: (file) => {
      child.stdin.write(`${file}\n`)
      return next()
    },
    stop: () => child.stdin.end(),
  }
}

const children: Child[] = []
afterAll(() => {
  for (const child of children) child.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('migrations under concurrent opens', () => {
  it('lets four processes open one new outbox file at once, ten times over', async () => {
    children.push(...(await Promise.all([0, 1, 2, 3].map(startChild))))
    for (let round = 0; round < 10; round++) {
      const file = join(dir, `outbox-${round}.sqlite`)
      const answers = await Promise.all(children.map((c) => c.open(file)))
      expect(answers).toEqual(children.map(() => `ok ${file}`))
    }
  }, 60_000)
})
