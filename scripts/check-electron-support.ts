/**
 * CI gate: the installed Electron must be one of the newest three stable majors (Electron's own
 * support window). Reads the published versions from the npm registry; when the registry cannot
 * be reached it warns and passes, so an offline build is not blocked by the check itself.
 *
 *   tsx scripts/check-electron-support.ts [--installed 45.5.0] [--versions file.json]
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { parseArgs, promisify } from 'node:util'

/** Electron supports the latest three stable major lines. */
export const SUPPORTED_MAJORS = 3

export interface Verdict {
  ok: boolean
  message: string
  supported: number[]
}

const STABLE = /^(\d+)\.(\d+)\.(\d+)$/

/** Compares the installed version with the stable versions the registry lists. */
export function electronSupportVerdict(installed: string, published: readonly string[]): Verdict {
  const majors = [
    ...new Set(published.map((v) => STABLE.exec(v)?.[1]).filter((m) => m !== undefined)),
  ]
    .map(Number)
    .sort((a, b) => b - a)
  const supported = majors.slice(0, SUPPORTED_MAJORS)
  const major = Number(STABLE.exec(installed)?.[1] ?? /^(\d+)\./.exec(installed)?.[1] ?? NaN)
  if (!Number.isInteger(major)) {
    return {
      ok: false,
      message: `cannot read the installed Electron version "${installed}"`,
      supported,
    }
  }
  if (supported.length === 0) {
    return { ok: false, message: 'the registry listed no stable Electron version', supported }
  }
  const oldest = supported[supported.length - 1] ?? 0
  if (major < oldest) {
    return {
      ok: false,
      message:
        `Electron ${installed} is out of support: the supported majors are ` +
        `${supported.join(', ')}. Update "electron" in package.json (npm install -D electron@^${supported[0]}).`,
      supported,
    }
  }
  return {
    ok: true,
    message: `Electron ${installed} is supported (supported majors: ${supported.join(', ')})`,
    supported,
  }
}

async function publishedVersions(): Promise<string[]> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const { stdout } = await promisify(execFile)(npm, ['view', 'electron', 'versions', '--json'], {
    timeout: 30_000,
    maxBuffer: 16 * 1024 * 1024,
  })
  const list = JSON.parse(stdout) as unknown
  if (!Array.isArray(list)) throw new Error('unexpected answer from npm view')
  return list.map(String)
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { installed: { type: 'string' }, versions: { type: 'string' } },
  })
  const installed =
    values.installed ??
    (createRequire(import.meta.url)('electron/package.json') as { version: string }).version
  let published: string[]
  try {
    published = values.versions
      ? (JSON.parse(readFileSync(values.versions, 'utf8')) as string[])
      : await publishedVersions()
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    console.warn(
      `warning: the Electron support window was not checked (registry unreachable: ${reason})`,
    )
    return
  }
  const verdict = electronSupportVerdict(installed, published)
  if (verdict.ok) console.log(verdict.message)
  else {
    console.error(`error: ${verdict.message}`)
    process.exitCode = 1
  }
}

if (import.meta.url === `file://${process.argv[1]}`) void main()
