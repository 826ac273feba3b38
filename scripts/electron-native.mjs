// Builds better-sqlite3-multiple-ciphers (the cache's SQLite, with encryption) for Electron into
// build/native-electron/, leaving node_modules' build (for Node: tests, CLI, browser host)
// untouched. The desktop shell loads it through the library's `nativeBinding` option. Runs only before starting or packaging the desktop app.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const root = dirname(dirname(new URL(import.meta.url).pathname))
const outDir = join(root, 'build/native-electron')
const target = join(outDir, 'better_sqlite3.node')
const stamp = join(outDir, 'version.txt')

const electronVersion = require('electron/package.json').version
const sqliteDir = dirname(require.resolve('better-sqlite3-multiple-ciphers/package.json'))
const sqliteVersion = require('better-sqlite3-multiple-ciphers/package.json').version
const wanted = `electron ${electronVersion} better-sqlite3-multiple-ciphers ${sqliteVersion} ${process.platform}-${process.arch}`

if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted)
  process.exit(0)

console.log(`Building better-sqlite3-multiple-ciphers for ${wanted} ...`)
const work = join(root, 'build/native-electron-src')
rmSync(work, { recursive: true, force: true })
cpSync(sqliteDir, work, { recursive: true, filter: (src) => !src.includes(`${sqliteDir}/build`) })
const nodeGyp = join(
  dirname(process.execPath),
  '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
)
execFileSync(
  process.execPath,
  [
    existsSync(nodeGyp) ? nodeGyp : require.resolve('node-gyp/bin/node-gyp.js'),
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${process.arch}`,
    '--dist-url=https://electronjs.org/headers',
  ],
  { cwd: work, stdio: 'inherit' },
)
mkdirSync(outDir, { recursive: true })
cpSync(join(work, 'build/Release/better_sqlite3.node'), target)
writeFileSync(stamp, wanted)
rmSync(work, { recursive: true, force: true })
console.log(`better-sqlite3-multiple-ciphers for Electron: ${target}`)
