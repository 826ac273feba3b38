// The security gate fails on what it should: a deliberately bad app (electronegativity's
// findings and ours, .vue included) and an allow-list entry without a reason.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  allowListProblems,
  judge,
  patternFindings,
  withSnippets,
} from '../../scripts/security-gate'

const ROOT = resolve(import.meta.dirname, '../..')

function gate(args: string[]): { code: number; out: string } {
  try {
    const out = execFileSync('npx', ['tsx', 'scripts/security-gate.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: 'pipe',
      timeout: 120_000,
    })
    return { code: 0, out }
  } catch (error) {
    const e = error as { status: number; stderr: string; stdout: string }
    return { code: e.status, out: e.stderr + e.stdout }
  }
}

function badApp(): string {
  const root = mkdtempSync(join(tmpdir(), 'bad-app-'))
  mkdirSync(join(root, 'app'))
  writeFileSync(
    join(root, 'app/main.js'),
    `const { app, BrowserWindow, shell } = require('electron')
app.whenReady().then(() => {
  const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, sandbox: false, contextIsolation: false } })
  win.webContents.on('new-window', (e, url) => shell.openExternal(url))
  win.loadURL('http://example.com')
})
`,
  )
  writeFileSync(
    join(root, 'app/page.vue'),
    '<template><div v-html="ticket.content" /></template>\n',
  )
  writeFileSync(join(root, 'allow.json'), '[]')
  return root
}

describe('security gate', () => {
  it('fails a deliberately bad app, naming each finding', { timeout: 120_000 }, () => {
    const root = badApp()
    const result = gate([
      '--root',
      root,
      '--input',
      'app',
      '--allowlist',
      join(root, 'allow.json'),
      '--sarif-dir',
      join(root, 'sarif'),
    ])
    expect(result.code).toBe(1)
    expect(result.out).toMatch(/not in the allow-list/)
    // electronegativity's own findings, read from its SARIF…
    expect(result.out).toMatch(/CONTEXT_ISOLATION_JS_CHECK app\/main\.js:3/)
    expect(result.out).toMatch(/PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK app:/)
    expect(result.out).toMatch(/OPEN_EXTERNAL_JS_CHECK app\/main\.js/)
    // …and ours for what it misses (.vue files; nodeIntegration: true beside sandbox: false).
    expect(result.out).toMatch(/AC_NODE_INTEGRATION app\/main\.js:3/)
    expect(result.out).toMatch(/AC_V_HTML app\/page\.vue:1/)
    expect(result.out).toMatch(/AC_SANDBOX_OFF app\/main\.js:3/)
  })

  it('refuses an allow-list entry without a reason', () => {
    const root = badApp()
    writeFileSync(
      join(root, 'allow.json'),
      JSON.stringify([{ check: 'AC_V_HTML', file: 'app/page.vue', reason: '' }]),
    )
    const result = gate(['--root', root, '--input', 'app', '--allowlist', join(root, 'allow.json')])
    expect(result.code).toBe(1)
    expect(result.out).toMatch(/reason/)
    expect(
      allowListProblems([
        { check: 'X', file: 'f', reason: 'because it is fine here, see the test' },
      ]),
    ).toEqual([])
    expect(allowListProblems({})).toHaveLength(1)
  })

  it('lets allowed findings through and reports stale entries', () => {
    const root = badApp()
    const findings = patternFindings(join(root, 'app'), root)
    const allow = findings.map((f) => ({
      check: f.check,
      file: f.file,
      reason: 'accepted for this test only',
    }))
    allow.push({
      check: 'AC_NODE_INTEGRATION',
      file: 'gone.js',
      reason: 'stale entry for this test',
    })
    const { refused, unused } = judge(findings, allow)
    expect(refused).toEqual([])
    expect(unused.map((u) => u.file)).toEqual(['gone.js'])
  })

  it('allows a finding by its exact place: a new one in an allowed file is refused', () => {
    const root = mkdtempSync(join(tmpdir(), 'gate-place-'))
    mkdirSync(join(root, 'src'))
    const file = 'src/links.ts'
    const write = (lines: string[]): void => writeFileSync(join(root, file), lines.join('\n'))
    const finding = (line: number) => ({
      check: 'LIMIT_NAVIGATION_JS_CHECK',
      file,
      line,
      message: 'openExternal',
    })
    write(['// links', 'export const open = (a) =>   shell.openExternal(confirmed(a))'])
    const allow = [
      {
        check: 'LIMIT_NAVIGATION_JS_CHECK',
        file,
        snippet: 'export const open = (a) => shell.openExternal(confirmed(a))',
        reason: 'opens only an address the agent confirmed in a dialog',
      },
    ]
    // Lines added above it move it: still the same place.
    write([
      '// links',
      '// more',
      '',
      'export const open = (a) => shell.openExternal(confirmed(a))',
    ])
    expect(judge(withSnippets([finding(4)], root), allow).refused).toEqual([])
    // A second, unconfirmed call in the same file is a new place: refused, with its line's text.
    write([
      'export const open = (a) => shell.openExternal(confirmed(a))',
      'export const raw = (a) => shell.openExternal(a)',
    ])
    const { refused } = judge(withSnippets([finding(1), finding(2)], root), allow)
    expect(refused.map((f) => f.snippet)).toEqual([
      'export const raw = (a) => shell.openExternal(a)',
    ])
    // The same text twice needs two entries: one entry covers one finding.
    write(
      ['export const open = (a) => shell.openExternal(confirmed(a))'].concat(
        'export const open = (a) => shell.openExternal(confirmed(a))',
      ),
    )
    expect(judge(withSnippets([finding(1), finding(2)], root), allow).refused).toHaveLength(1)
  })
})
