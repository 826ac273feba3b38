/**
 * The first run's screen (scripts/setup.mjs): npm's 40 lines of EBADENGINE become one note that
 * names the packages and says what needs the newer Node; other lines pass through; a quiet npm
 * gets a progress note; every install script in the lock file has a decision in package.json's
 * `allowScripts`, so npm never says the SQLite build's script is "not yet covered".
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createNpmFilter, progressNote, runQuietly } from '../../scripts/setup.mjs'

function ebadengine(pkg: string): string[] {
  return [
    'npm warn EBADENGINE Unsupported engine {',
    `npm warn EBADENGINE   package: '${pkg}',`,
    "npm warn EBADENGINE   required: { node: '>=22.12.0' },",
    "npm warn EBADENGINE   current: { node: 'v20.20.2', npm: '11.19.1' }",
    'npm warn EBADENGINE }',
  ]
}

describe('setup', () => {
  it("holds back npm's EBADENGINE lines and names their packages once", () => {
    const filter = createNpmFilter()
    const packages = ['electron@45.5.0', '@electron/get@5.1.0', 'node-abi@4.40.0', 'nopt@10.0.1']
    const input = [
      ...packages.flatMap(ebadengine),
      ...ebadengine('electron@45.5.0'),
      'added 812 packages in 6m',
      'npm warn deprecated inflight@1.0.6: This module is not supported',
    ]
    const shown = input.map((l) => filter.line(l)).filter((l) => l !== null)
    expect(shown).toEqual([
      'added 812 packages in 6m',
      'npm warn deprecated inflight@1.0.6: This module is not supported',
    ])
    const summary = filter.summary().join('\n')
    expect(summary).toContain(
      '4 packages ask for a newer Node than ' +
        process.versions.node +
        " (npm's EBADENGINE warnings, held back): @electron/get@5.1.0, electron@45.5.0, node-abi@4.40.0, nopt@10.0.1.",
    )
    expect(summary).toMatch(/desktop app/)
    expect(filter.summary().length).toBeLessThanOrEqual(3)
  })

  it('says nothing more when npm had no engine warnings', () => {
    const filter = createNpmFilter()
    expect(filter.line('added 1 package')).toBe('added 1 package')
    expect(filter.summary()).toEqual([])
  })

  it('a progress note says how long and why', () => {
    expect(progressNote(20_000)).toBe(
      '… still installing (20 s): the encrypted SQLite is built from source, a few minutes on 2 cores',
    )
    expect(progressNote(135_400)).toMatch(/^… still installing \(2 min 15 s\)/)
  })

  it('every package with an install script has a decision in allowScripts', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean }>
    }
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      allowScripts?: Record<string, boolean>
    }
    const withScripts = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ''))
    expect(withScripts).toContain('better-sqlite3-multiple-ciphers')
    for (const name of withScripts) expect(pkg.allowScripts, name).toHaveProperty([name])
    // The cache's SQLite is built by its install script: it must run.
    expect(pkg.allowScripts?.['better-sqlite3-multiple-ciphers']).toBe(true)
  })

  it('in a pipe: a quiet install shows progress, the engine warnings become one note at the end', async () => {
    // A stand-in for npm: engine warnings on stderr, a long silence, then its last line.
    const fakeNpm = `
      for (const p of ['electron@45.5.0', 'node-abi@4.40.0'])
        console.error("npm warn EBADENGINE Unsupported engine {\\nnpm warn EBADENGINE   package: '" + p + "',\\nnpm warn EBADENGINE }")
      setTimeout(() => console.log('added 812 packages in 6m'), 1200)`
    const seen: Array<[string, string]> = []
    const code = await runQuietly(process.execPath, ['-e', fakeNpm], {
      quietMs: 300,
      print: (text, stream) => seen.push([stream, text]),
    })
    expect(code).toBe(0)
    const texts = seen.map(([, t]) => t)
    expect(texts.some((t) => t.startsWith('… still installing'))).toBe(true)
    expect(texts.filter((t) => t.includes('EBADENGINE'))).toHaveLength(1)
    expect(texts.indexOf('added 812 packages in 6m')).toBeGreaterThan(
      texts.findIndex((t) => t.startsWith('… still installing')),
    )
    expect(texts.at(-3)).toMatch(/^note: 2 packages ask for a newer Node/)
  })
})
