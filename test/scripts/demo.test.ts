/**
 * `npm run demo:web`'s screen: one address to open, last, with the host's secret; the sandbox's
 * own address (an API that answers "not found" in a browser) never offered as a page; quiet logs;
 * nothing left in the temp folder once stopped, however many times Ctrl+C arrives.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it, vi } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'ac-demo-static-'))
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>demo</title>')
// The demo's own temp folder, to see what it leaves there.
const temp = mkdtempSync(join(tmpdir(), 'ac-demo-temp-'))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  rmSync(temp, { recursive: true, force: true })
})
const demoCaches = (): string[] =>
  readdirSync(temp).filter((name) => name.startsWith('agent-console-demo-'))

it('prints one address to open, with its secret, after everything else', async () => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/demo.ts',
      '--web',
      '--tickets',
      '30',
      '--no-build',
      '--static',
      dir,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TMPDIR: temp, TMP: temp, TEMP: temp },
    },
  )
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d))
  try {
    await vi.waitFor(() => expect(out).toContain('/api/v1\n'), {
      timeout: 60_000,
      interval: 100,
    })
    const lines = out.trimEnd().split('\n')
    // Only one line is an address to open, and it is the page with this run's secret.
    const pages = lines.filter((l) => /^\s*https?:\/\//.test(l))
    expect(pages).toHaveLength(1)
    const openUrl = pages[0]!.trim()
    expect(openUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#secret=\S+$/)
    expect(lines.findIndex((l) => l.includes(openUrl))).toBeGreaterThan(
      lines.findIndex((l) => l.startsWith('Starting')),
    )
    // The sandbox is named as an API, never first and never alone on a line.
    expect(lines[0]).not.toMatch(/https?:\/\//)
    expect(out).toMatch(/not a page/)
    const page = await fetch(openUrl.split('#')[0]!)
    expect(page.status).toBe(200)
    // The host logs only warnings: nothing pushes the address off the screen.
    expect(err).not.toMatch(/\binfo\b/)
    expect(demoCaches()).toHaveLength(1)
  } finally {
    const exited = once(child, 'exit')
    // One Ctrl+C often arrives more than once (the terminal signals the whole process group, npm
    // passes it on): signalled again while it stops, the demo still finishes stopping.
    child.kill('SIGINT')
    const again = setInterval(() => child.kill('SIGINT'), 5)
    const [code, signal] = (await exited) as [number | null, string | null]
    clearInterval(again)
    expect({ code, signal }).toEqual({ code: 0, signal: null })
  }
  // Its cache was for this run alone: Ctrl+C leaves nothing behind.
  expect(demoCaches()).toEqual([])
})
