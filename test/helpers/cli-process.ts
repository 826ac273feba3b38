/**
 * Runs the real command-line tool in a child process. The CLI is bundled once per test file with
 * esbuild (dependencies stay external) so each start costs a plain `node` start, not a TypeScript
 * transform: the SIGKILL test starts it dozens of times.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { WRITER_THREAD_BUNDLE } from '../../src/main/core/export/writer-thread'

const ROOT = resolve(import.meta.dirname, '../..')

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface CliRunOptions {
  /** Extra environment variables. */
  env?: Record<string, string>
  /** Written to the child's standard input (which is otherwise closed). */
  input?: string
}

export interface CliRunner {
  /** Runs `cli args...` to the end. */
  run(args: string[], options?: CliRunOptions): Promise<CliResult>
  /** Starts `cli args...`; the caller may kill it. */
  start(args: string[]): { child: ChildProcess; done: Promise<CliResult> }
  dispose(): void
}

/**
 * Bundles `entry` (relative to the repository) under node_modules/.cache, so its imports resolve;
 * `dispose` removes the bundle.
 */
export async function bundleEntry(
  entry: string,
  name: string,
): Promise<{ outfile: string; dispose: () => void }> {
  const cacheDir = join(ROOT, 'node_modules', '.cache')
  mkdirSync(cacheDir, { recursive: true })
  const dir = mkdtempSync(join(cacheDir, `${name}-test-`))
  const outfile = join(dir, `${name}.mjs`)
  const bundle = (from: string, to: string) =>
    build({
      entryPoints: [join(ROOT, from)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: to,
      logLevel: 'warning',
    })
  await bundle(entry, outfile)
  // A bundled core starts its XLSX writer thread from this bundle beside it, as the app's build.
  await bundle('src/main/core/export/writer-thread-entry.ts', join(dir, WRITER_THREAD_BUNDLE))
  return { outfile, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Bundles src/cli/main.ts and returns a runner. */
export async function bundleCli(): Promise<CliRunner> {
  const { outfile, dispose } = await bundleEntry('src/cli/main.ts', 'cli')
  const start = (
    args: string[],
    options: CliRunOptions = {},
  ): { child: ChildProcess; done: Promise<CliResult> } => {
    const child = spawn(process.execPath, [outfile, ...args], {
      cwd: ROOT,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    })
    if (options.input !== undefined) child.stdin?.end(options.input)
    let stdout = ''
    let stderr = ''
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const done = new Promise<CliResult>((resolveDone, reject) => {
      child.on('error', reject)
      child.on('close', (code, signal) => resolveDone({ code, signal, stdout, stderr }))
    })
    return { child, done }
  }
  return {
    start,
    run: (args, options) => start(args, options).done,
    dispose,
  }
}
