/**
 * What every bench shares: progress on stderr (stdout is the report), waiting, and the sandbox
 * in its own process.
 */
import { fork } from 'node:child_process'
import { resolve } from 'node:path'

/** The value after `name` on the command line (`--rounds 12`), if it is there. */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

export const log = (line: string): void => void process.stderr.write(line + '\n')
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * The sandbox (`bench/sync/sandbox-child.ts`) in its own process, so its answers are not held up
 * by the bench's own work; `stop` ends it, as does this process going away.
 */
export async function startSandboxChild(
  tickets: number,
  openShare?: number,
): Promise<{ url: string; stop: () => void }> {
  const child = fork(
    resolve(import.meta.dirname, 'sync/sandbox-child.ts'),
    [
      '--tickets',
      String(tickets),
      ...(openShare === undefined ? [] : ['--open-share', String(openShare)]),
    ],
    { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  )
  const url = await new Promise<string>((ok, fail) => {
    child.once('message', (m) => ok((m as { url: string }).url))
    child.once('exit', (code) => fail(new Error(`the sandbox exited early (${code})`)))
  })
  return { url, stop: () => child.disconnect() }
}
