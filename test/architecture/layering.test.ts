// The layering is the architecture: these checks fail the build when a layer reaches across.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { ESLint } from 'eslint'
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
      // A host that moved or emptied would pass unseen: each must still have its sources.
      expect(sourceFiles(join(root, dir)).length, dir).toBeGreaterThan(0)
      expect(offenders(dir, (s) => s === 'electron')).toEqual([])
    }
  })

  it('the checker itself sees an electron import when there is one', () => {
    const re = importsOf(join(root, 'src/main/index.ts'))
    expect(re).toContain('electron')
  })

  it('the shells, the CLI, the browser host and the benchmarks reach the core only through its surface', () => {
    const core = join(root, 'src/main/core')
    const internal = (from: string) => (spec: string) => {
      if (!spec.startsWith('.')) return false
      const target = resolve(dirname(from), spec)
      return target.startsWith(core + '/') && target !== join(core, 'index')
    }
    const shellFiles = readdirSync(join(root, 'src/main'))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(root, 'src/main', name))
    const files = [
      ...shellFiles,
      ...sourceFiles(join(root, 'src/web')),
      ...sourceFiles(join(root, 'src/cli')),
      ...sourceFiles(join(root, 'bench')).filter((f) => !f.includes('/bench/cache/')),
    ]
    const found = files.flatMap((file) =>
      importsOf(file)
        .filter(internal(file))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    )
    expect(found).toEqual([])
  })

  it('lint refuses a reach into the core from each of them, and allows the surface', async () => {
    const eslint = new ESLint({ cwd: root })
    const lint = async (file: string, code: string): Promise<string[]> => {
      const [result] = await eslint.lintText(code, { filePath: join(root, file) })
      return (result?.messages ?? [])
        .filter((m) => m.ruleId === 'no-restricted-imports')
        .map((m) => m.message)
    }
    const cases = [
      ['src/main/window.ts', './core/logger', './core'],
      ['src/cli/main.ts', '../main/core/db/cache', '../main/core'],
      ['src/web/main.ts', '../main/core/sync/sync-engine', '../main/core'],
      ['bench/load/load-bench.ts', '../../src/main/core/outbox/outbox', '../../src/main/core'],
    ] as const
    for (const [file, inside, surface] of cases) {
      const refused = await lint(file, `import { x } from '${inside}'\nexport const y = x\n`)
      expect(refused.join(' '), `${file} importing ${inside}`).toContain('public surface')
      expect(await lint(file, `import { x } from '${surface}'\nexport const y = x\n`)).toEqual([])
    }
  })
})
