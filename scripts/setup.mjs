#!/usr/bin/env node
// The README's two commands on a fresh machine with only Node 20 and npm:
//   node scripts/setup.mjs demo   installs what it needs, then runs the console in the browser
//                                 against the sandbox (npm run demo:web)
//   node scripts/setup.mjs test   installs what the tests need (Chromium included), then npm test
// Plain Node, no dependencies: it runs before node_modules exists.
import { spawnSync } from 'node:child_process'
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

/** npm ci when node_modules is missing or was installed from another package-lock.json. */
export function installIfNeeded() {
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
  if (run(npm, ['ci', '--no-audit', '--no-fund'], { env }) !== 0) {
    console.error('error: npm ci failed (see above); check the network access to the npm registry')
    process.exit(1)
  }
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

function main() {
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
  installIfNeeded()
  if (command === 'demo') process.exit(run(npm, ['run', 'demo:web']))
  if (!ensureChromium()) process.exit(1)
  process.exit(run(npm, ['test']))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main()
