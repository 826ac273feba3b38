// The layering is the architecture: these checks fail the build when a layer reaches across.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '../..')

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full))
    else if (/\.(ts|vue|mts|js)$/.test(name)) out.push(full)
  }
  return out
}

/** Module specifiers a file imports (static, dynamic, require). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specs: string[] = []
  const re =
    /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm
  for (const m of text.matchAll(re)) specs.push((m[1] ?? m[2] ?? m[3] ?? m[4]) as string)
  return specs
}

function offenders(dir: string, forbidden: (spec: string) => boolean): string[] {
  return sourceFiles(join(root, dir)).flatMap((file) =>
    importsOf(file)
      .filter(forbidden)
      .map((spec) => `${relative(root, file)} imports ${spec}`),
  )
}

describe('layering', () => {
  it('the core never imports electron (it runs in plain Node: tests, CLI, browser host)', () => {
    expect(
      offenders('src/main/core', (s) => s === 'electron' || s.startsWith('electron/')),
    ).toEqual([])
  })

  it('the core never imports UI code', () => {
    expect(
      offenders(
        'src/main/core',
        (s) => /^(vue|pinia|naive-ui)$/.test(s) || s.includes('/renderer/'),
      ),
    ).toEqual([])
  })

  it('the shared contract imports nothing but zod and itself', () => {
    expect(offenders('src/shared', (s) => !s.startsWith('.') && s !== 'zod')).toEqual([])
  })

  it('the renderer has no Node, Electron, database or HTTP client, and no main-process code', () => {
    expect(
      offenders(
        'src/renderer',
        (s) =>
          s === 'electron' ||
          s.startsWith('node:') ||
          s.startsWith('better-sqlite3') ||
          s === 'axios' ||
          /\/(main|web|cli|sandbox)\//.test(s),
      ),
    ).toEqual([])
  })

  it('the preload imports only electron and the shared contract', () => {
    expect(offenders('src/preload', (s) => s !== 'electron' && !s.startsWith('.'))).toEqual([])
    expect(
      offenders('src/preload', (s) => s.startsWith('.') && !s.includes('shared/') && s !== './api'),
    ).toEqual([])
  })

  it('the Node hosts (browser host, CLI, sandbox, hub) never load electron', () => {
    for (const dir of ['src/web', 'src/cli', 'src/sandbox', 'src/hub']) {
      let files: string[] = []
      try {
        files = sourceFiles(join(root, dir))
      } catch {
        continue
      }
      if (files.length) expect(offenders(dir, (s) => s === 'electron')).toEqual([])
    }
  })

  it('the checker itself sees an electron import when there is one', () => {
    const re = importsOf(join(root, 'src/main/index.ts'))
    expect(re).toContain('electron')
  })
})
