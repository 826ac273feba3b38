import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { electronSupportVerdict } from '../../scripts/check-electron-support'

const published = [
  '40.10.6',
  '43.0.0',
  '43.2.1',
  '44.1.0',
  '45.5.0',
  '46.0.0-beta.3',
  '46.0.0-nightly.1',
]

describe('Electron support window', () => {
  it('accepts the newest three stable majors, ignoring prereleases', () => {
    expect(electronSupportVerdict('45.5.0', published)).toMatchObject({
      ok: true,
      supported: [45, 44, 43],
    })
    expect(electronSupportVerdict('43.0.0', published).ok).toBe(true)
  })

  it('fails an older major, naming what to install', () => {
    const verdict = electronSupportVerdict('40.10.2', published)
    expect(verdict.ok).toBe(false)
    expect(verdict.message).toMatch(/out of support.*electron@\^45/)
  })

  it('fails the CI step with a deliberately old Electron, warns when the registry is unreachable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'electron-support-'))
    const versions = join(dir, 'versions.json')
    writeFileSync(versions, JSON.stringify(published))
    const run = (args: string[]) => {
      try {
        return {
          code: 0,
          out: execFileSync('npx', ['tsx', 'scripts/check-electron-support.ts', ...args], {
            encoding: 'utf8',
            stdio: 'pipe',
          }),
        }
      } catch (error) {
        const e = error as { status: number; stderr: string }
        return { code: e.status, out: e.stderr }
      }
    }
    const bad = run(['--installed', '40.10.2', '--versions', versions])
    expect(bad.code).toBe(1)
    expect(bad.out).toMatch(/out of support/)
    expect(run(['--installed', '45.5.0', '--versions', versions]).code).toBe(0)
    // An unreadable version list stands in for an unreachable registry: a warning, exit 0.
    expect(run(['--installed', '40.10.2', '--versions', join(dir, 'missing.json')]).code).toBe(0)
  })
})
