/**
 * `npm run demo` / `npm run demo:web`: starts the sandbox API with generated tickets, then the
 * desktop app (or the browser host) already connected to it. Ctrl+C stops both.
 *
 * The browser demo ends with one address to open, last on the screen: the build is quiet (no
 * asset table), the host logs only warnings, and the sandbox's own address (an API, which
 * answers "not found" in a browser) is named after it as what it is. The browser demo's cache is
 * made for the run alone and removed when it stops: each start would otherwise leave ~20 MB in
 * the system's temp folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { startSandbox } from '../src/sandbox/server'

const { values } = parseArgs({
  options: {
    web: { type: 'boolean' },
    desktop: { type: 'boolean' },
    tickets: { type: 'string', default: '5000' },
    // For tests: use an already built renderer.
    'no-build': { type: 'boolean' },
    static: { type: 'string' },
  },
})

/** The lines that end the browser demo's start: the one address to open, and how to stop. */
function readyBanner(openUrl: string, sandboxUrl: string): string {
  return [
    '',
    'Agent Console is ready. Open this address in your browser:',
    '',
    `    ${openUrl}`,
    '',
    'Ctrl+C stops both. The sandbox API behind it (not a page; npm run sandbox -- --help',
    `explains its control surface, to act as another agent or inject faults): ${sandboxUrl}/api/v1`,
    '',
  ].join('\n')
}

async function buildRenderer(): Promise<void> {
  process.stdout.write('Building the console for the browser (vite) …\n')
  const { build } = await import('vite')
  await build({ configFile: 'vite.web.config.ts', logLevel: 'warn' })
}

if (values.web && !values['no-build']) await buildRenderer()
const sandbox = await startSandbox({ port: 0, tickets: Number(values.tickets), seed: 1 })

let child: ChildProcess
let dataDir: string | null = null
if (values.web) {
  process.stdout.write(`Starting the sandbox (${values.tickets} tickets) and the browser host …\n`)
  dataDir = mkdtempSync(join(tmpdir(), 'agent-console-demo-'))
  const db = join(dataDir, 'cache.sqlite')
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/web/main.ts',
      '--api-url',
      sandbox.apiBase,
      '--db',
      db,
      '--log-level',
      'warn',
      ...(values.static ? ['--static', values.static] : []),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const open = /Open (\S+)/.exec(line)?.[1]
    process.stdout.write(open ? readyBanner(open, sandbox.url) + '\n' : line + '\n')
  })
} else {
  process.stdout.write(`Sandbox API: ${sandbox.apiBase}\n`)
  // better-sqlite3-multiple-ciphers for Electron, built once into build/native-electron (needs the internet).
  spawnSync(process.execPath, ['scripts/electron-native.mjs'], { stdio: 'inherit' })
  child = spawn('npx', ['electron-vite', 'dev'], {
    stdio: 'inherit',
    env: { ...process.env, AGENT_CONSOLE_API_URL: sandbox.apiBase },
  })
}

let stopping = false
const stop = async (): Promise<void> => {
  if (stopping) return
  stopping = true
  // The cache is removed only once the host has closed it.
  if (child.exitCode === null && child.signalCode === null) {
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    await exited
  }
  await sandbox.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  process.exit(0)
}
child.once('exit', () => void stop())
// Every signal, not the first alone: a second one's default action would end the demo before
// it has removed its cache, and one Ctrl+C often arrives twice (the terminal signals the whole
// process group, and npm passes it on).
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
