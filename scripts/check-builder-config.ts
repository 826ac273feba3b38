/**
 * CI gate for packaging (which itself needs Electron's binary, not available here): loads
 * electron-builder.yml the way electron-builder does (merged with package.json), validates it
 * with electron-builder's own schema, and checks what our app needs of it: the built bundles it
 * packs exist, the icons, the hook and the native module's unpacking.
 *
 *   tsx scripts/check-builder-config.ts [--config electron-builder.yml] [--skip-bundles]
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const require = createRequire(import.meta.url)
const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..')

type Config = Record<string, unknown> & {
  appId?: string
  productName?: string
  asarUnpack?: string[]
  afterPack?: string
  npmRebuild?: boolean
  win?: { target?: Array<{ target: string }>; icon?: string }
  mac?: { target?: Array<{ target: string }>; icon?: string }
  linux?: { target?: Array<string | { target: string }>; icon?: string }
}

/** Bundles electron-vite must have built before packaging. */
export const BUNDLES = [
  'out/main/index.js',
  'out/main/core-worker.js',
  'out/main/export-writer.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
]

/** A bundle loading `ws`, which electron-builder.yml's files: leave out (the browser host's alone). */
const LEFT_OUT_IMPORT = /require\(["']ws["']\)|from\s*["']ws["']/

/** Problems with the configuration beyond the schema: what this app needs of it. */
export function appRequirements(config: Config, root: string, checkBundles: boolean): string[] {
  const problems: string[] = []
  if (!config.appId) problems.push('appId is missing')
  if (!config.productName) problems.push('productName is missing')
  const targets = (list: Array<string | { target: string }> | undefined): string[] =>
    (list ?? []).map((t) => (typeof t === 'string' ? t : t.target).toLowerCase())
  if (!targets(config.win?.target).includes('nsis')) problems.push('win.target lacks nsis')
  if (!targets(config.mac?.target).includes('dmg')) problems.push('mac.target lacks dmg')
  for (const t of ['appimage', 'deb'])
    if (!targets(config.linux?.target).includes(t)) problems.push(`linux.target lacks ${t}`)
  if (!(config.asarUnpack ?? []).some((p) => p.includes('better-sqlite3-multiple-ciphers')))
    problems.push(
      'asarUnpack must unpack better-sqlite3-multiple-ciphers (native code cannot load from an asar)',
    )
  if (!config.afterPack || !existsSync(join(root, config.afterPack)))
    problems.push('afterPack hook (the fuses) missing')
  for (const icon of [config.win?.icon, config.mac?.icon, config.linux?.icon]) {
    if (!icon || !existsSync(join(root, icon))) problems.push(`icon ${icon ?? '(none)'} missing`)
  }
  if (checkBundles) {
    for (const bundle of BUNDLES) {
      const path = join(root, bundle)
      if (!existsSync(path)) problems.push(`${bundle} missing (run npm run build)`)
      else if (LEFT_OUT_IMPORT.test(readFileSync(path, 'utf8')))
        problems.push(`${bundle} loads ws, which files: leaves out of the package`)
    }
  }
  return problems
}

/** electron-builder's own loading and schema validation; throws its message on a bad file. */
export async function validateWithElectronBuilder(
  root: string,
  configPath: string,
): Promise<Config> {
  const { getConfig, validateConfiguration } =
    require('app-builder-lib/out/util/config/config') as {
      getConfig: (dir: string, path: string | null, options: null) => Promise<Config>
      validateConfiguration: (config: Config, logger: unknown) => Promise<void>
    }
  const { DebugLogger } = require('builder-util') as {
    DebugLogger: new (enabled: boolean) => unknown
  }
  const config = await getConfig(root, configPath, null)
  await validateConfiguration(config, new DebugLogger(false))
  return config
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string', default: 'electron-builder.yml' },
      root: { type: 'string', default: ROOT },
      'skip-bundles': { type: 'boolean' },
    },
  })
  const root = resolve(values.root)
  let config: Config
  try {
    config = await validateWithElectronBuilder(root, resolve(root, values.config))
  } catch (error) {
    console.error(
      `error: ${values.config} is invalid:\n${error instanceof Error ? error.message : String(error)}`,
    )
    process.exitCode = 1
    return
  }
  const problems = appRequirements(config, root, !values['skip-bundles'])
  const version = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
  ).version
  if (problems.length > 0) {
    for (const p of problems) console.error(`error: ${values.config}: ${p}`)
    process.exitCode = 1
    return
  }
  console.log(
    `${values.config} is valid (electron-builder schema; ${config.productName} ${version}, ${config.appId})`,
  )
}

if (import.meta.url === `file://${process.argv[1]}`) void main()
