#!/usr/bin/env node
// The README's two commands on a fresh machine with only Node 20 and npm:
//   node scripts/setup.mjs demo   installs what it needs, then runs the console in the browser
//                                 against the sandbox (npm run demo:web)
//   node scripts/setup.mjs test   installs what the tests need (Chromium included), then npm test
// Plain Node, no dependencies: it runs before node_modules exists.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const stamp = join(root, 'node_modules', '.agent-console-installed')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options })
  if (result.error) throw result.error
  return result.status ?? 1
}

const lockHash = () =>
  createHash('sha256')
    .update(readFileSync(join(root, 'package-lock.json')))
    .digest('hex')

/**
 * What of npm's output reaches the screen. npm warns once per package whose `engines` asks for a
 * newer Node (EBADENGINE, five lines each): today those are the desktop build's tools (Electron
 * and its helpers ask for Node 22.12), which the browser console, the CLI and the tests never
 * run. They are counted and named once at the end instead; every other line passes through.
 */
export function createNpmFilter() {
  const engines = new Set()
  return {
    /** The line to print, or null to hold it back. */
    line(text) {
      if (!text.includes('EBADENGINE')) return text
      const pkg = /package: '([^']+)'/.exec(text)?.[1]
      if (pkg) engines.add(pkg)
      return null
    },
    /** The lines that stand for what was held back. */
    summary() {
      if (engines.size === 0) return []
      const names = [...engines].sort()
      return [
        `note: ${names.length} packages ask for a newer Node than ${process.versions.node} ` +
          `(npm's EBADENGINE warnings, held back): ${names.join(', ')}.`,
        '  They build the desktop app (Electron); the browser console, the CLI and the tests',
        '  run on Node 20. Building the desktop app or its installers needs Node 22.12 or newer.',
      ]
    },
  }
}

/** The line shown while npm is quiet (it prints no progress into a pipe). */
export function progressNote(elapsedMs) {
  const s = Math.round(elapsedMs / 1000)
  const time = s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`
  return `… still installing (${time}): the encrypted SQLite is built from source, a few minutes on 2 cores`
}

/** How often the progress note repeats while npm says nothing. */
const QUIET_MS = 20_000

/**
 * Runs a command (npm) with its output filtered, and a progress note whenever it has been quiet
 * for `quietMs`; `print` receives each line and which stream it belongs on. Resolves the exit code.
 */
export function runQuietly(command, args, { env = process.env, quietMs = QUIET_MS, print } = {}) {
  const write =
    print ??
    ((text, stream) => (stream === 'stderr' ? process.stderr : process.stdout).write(text + '\n'))
  return new Promise((resolveRun) => {
    const started = Date.now()
    const filter = createNpmFilter()
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let lastOutput = Date.now()
    const timer = setInterval(
      () => {
        if (Date.now() - lastOutput < quietMs) return
        write(progressNote(Date.now() - started), 'stdout')
        lastOutput = Date.now()
      },
      Math.min(1_000, quietMs),
    )
    const show = (text, stream) => {
      const shown = filter.line(text)
      if (shown === null) return
      write(shown, stream)
      lastOutput = Date.now()
    }
    const ended = ['stdout', 'stderr'].map(
      (name) =>
        new Promise((done) => {
          let rest = ''
          child[name].setEncoding('utf8').on('data', (chunk) => {
            const lines = (rest + chunk).split('\n')
            rest = lines.pop() ?? ''
            for (const text of lines) show(text, name)
          })
          child[name].on('end', () => {
            if (rest) show(rest, name)
            done()
          })
        }),
    )
    child.on('close', async (code) => {
      clearInterval(timer)
      await Promise.all(ended)
      for (const text of filter.summary()) write(text, 'stdout')
      resolveRun(code ?? 1)
    })
    child.on('error', () => {
      clearInterval(timer)
      resolveRun(1)
    })
  })
}

/** The cache's SQLite loads in this Node: npm's install step built it. */
function sqliteLoads() {
  const probe = spawnSync(
    process.execPath,
    ['-e', "new (require('better-sqlite3-multiple-ciphers'))(':memory:').close()"],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
  )
  return probe.status === 0 ? null : (probe.stderr || 'it did not load').trim()
}

/** npm ci when node_modules is missing or was installed from another package-lock.json. */
export async function installIfNeeded() {
  const wanted = lockHash()
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return
  console.log(
    existsSync(join(root, 'node_modules'))
      ? 'package-lock.json changed: reinstalling (npm ci) …'
      : 'First run: installing the dependencies (npm ci, a few minutes) …',
  )
  // Electron's binary comes from outside the npm registry; everything but the desktop window
  // works without it, and no test needs it.
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }
  if ((await runQuietly(npm, ['ci', '--no-audit', '--no-fund'], { env })) !== 0) {
    console.error('error: npm ci failed (see above); check the network access to the npm registry')
    process.exit(1)
  }
  const problem = sqliteLoads()
  if (problem) {
    console.error(
      `error: the cache's SQLite (better-sqlite3-multiple-ciphers) does not load:\n${problem}`,
    )
    process.exit(1)
  }
  console.log("Dependencies installed; the cache's SQLite was built and loads.")
  writeFileSync(stamp, wanted)
}

const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Debian's Chromium for the end-to-end tests: apt-get when we may, else say what to do. */
export function ensureChromium() {
  if (existsSync(chromiumPath())) return true
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  const hasApt = existsSync('/usr/bin/apt-get')
  if (hasApt && isRoot) {
    console.log("Installing Debian's Chromium for the end-to-end tests (apt-get) …")
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    if (
      run('apt-get', ['update', '-qq'], { env }) === 0 &&
      run('apt-get', ['install', '-y', '-qq', 'chromium'], { env }) === 0 &&
      existsSync(chromiumPath())
    )
      return true
  }
  console.error(
    `error: the end-to-end tests need Chromium at ${chromiumPath()}, and it is missing.\n` +
      (hasApt
        ? '  Install it with: sudo apt-get install chromium   (then run this command again)\n'
        : '  Install Chromium with your system package manager\n') +
      '  or point CHROMIUM_PATH at a Chromium or Chrome binary.',
  )
  return false
}

async function main() {
  const [command] = process.argv.slice(2)
  if (command !== 'demo' && command !== 'test') {
    console.error('usage: node scripts/setup.mjs demo | test')
    process.exit(2)
  }
  const major = Number(process.versions.node.split('.')[0])
  if (major < 20) {
    console.error(`error: Node ${process.versions.node} is too old; Node 20 or newer is needed`)
    process.exit(1)
  }
  await installIfNeeded()
  if (command === 'demo') process.exit(run(npm, ['run', '--silent', 'demo:web']))
  if (!ensureChromium()) process.exit(1)
  process.exit(run(npm, ['test']))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main()
