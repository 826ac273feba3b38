/**
 * The hub bench's real processes: the sandbox (its own process), the hub (`src/hub/main.ts`), the
 * CLI for a new desktop's first sync; and what /proc says of the hub's memory and CPU.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { performance } from 'node:perf_hooks'

export const ROOT = resolve(import.meta.dirname, '../..')

export async function startHubChild(
  args: string[],
  token: string,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/hub/main.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AGENT_CONSOLE_TOKEN: token },
  })
  // The hub's log stays out of the report, but a failure shows it.
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)))
  const url = await new Promise<string>((ok, fail) => {
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d
      const m = /^(https?:\/\/\S+)\n/m.exec(out)
      if (m) ok(m[1]!)
    })
    child.once('exit', (code) => fail(new Error(`the hub exited early (${code}): ${stderr}`)))
  })
  return { url, child }
}

/**
 * Runs `npm run cli -- args` with `token`; its --json line, the wall time, and its CPU seconds
 * (user + system, every thread) from /usr/bin/time. `root` is the checkout whose CLI runs (another
 * build, for a side-by-side run); `nodeArgs` go to node (e.g. a CPU profile).
 */
export function runCli(
  args: string[],
  token: string,
  options: { root?: string; nodeArgs?: string[] } = {},
): Promise<{ json: Record<string, unknown>; wallMs: number; cpuS: number }> {
  const started = performance.now()
  const child = spawn(
    '/usr/bin/time',
    ['-f', 'cpu %U %S', process.execPath, ...(options.nodeArgs ?? []), '--import', 'tsx',
      'src/cli/main.ts', ...args, '--json'],
    {
      cwd: options.root ?? ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AGENT_CONSOLE_TOKEN: token },
    },
  )
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-4000)))
  return new Promise((ok, fail) =>
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`cli ${args[0]} exited ${code}: ${err}`))
      const line = out.trim().split('\n').at(-1) ?? '{}'
      const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(err)
      ok({
        json: JSON.parse(line) as Record<string, unknown>,
        wallMs: performance.now() - started,
        cpuS: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN,
      })
    }),
  )
}

/** A process's RSS (MB) and CPU seconds so far, from /proc. */
export function procUsage(pid: number): { rssMb: number; cpuS: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  const ticks = Number(stat[11]) + Number(stat[12])
  const rss = Number(stat[21]) * 4096
  return { rssMb: Math.round(rss / 2 ** 20), cpuS: ticks / 100 }
}
