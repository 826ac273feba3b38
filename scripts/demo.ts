/**
 * `npm run demo` / `npm run demo:web`: starts the sandbox API with generated tickets, then the
 * desktop app (or the browser host) already connected to it. Ctrl+C stops both.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startSandbox } from '../src/sandbox/server'

const { values } = parseArgs({
  options: {
    web: { type: 'boolean' },
    desktop: { type: 'boolean' },
    tickets: { type: 'string', default: '5000' },
  },
})

const sandbox = await startSandbox({ port: 0, tickets: Number(values.tickets), seed: 1 })
process.stdout.write(`Sandbox API: ${sandbox.apiBase}\n`)

let child: ChildProcess
if (values.web) {
  const db = join(mkdtempSync(join(tmpdir(), 'agent-console-demo-')), 'cache.sqlite')
  child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/web/main.ts', '--api-url', sandbox.apiBase, '--db', db],
    {
      stdio: 'inherit',
    },
  )
} else {
  // better-sqlite3-multiple-ciphers for Electron, built once into build/native-electron (needs the internet).
  spawnSync(process.execPath, ['scripts/electron-native.mjs'], { stdio: 'inherit' })
  child = spawn('npx', ['electron-vite', 'dev'], {
    stdio: 'inherit',
    env: { ...process.env, AGENT_CONSOLE_API_URL: sandbox.apiBase },
  })
}

const stop = async (): Promise<void> => {
  child.kill('SIGTERM')
  await sandbox.close()
  process.exit(0)
}
child.once('exit', () => void stop())
process.once('SIGINT', () => void stop())
process.once('SIGTERM', () => void stop())
