/** `npm run sandbox`: prints its URL, serves the API, stops cleanly on SIGTERM and SIGINT. */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'

async function run(signal: NodeJS.Signals): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/sandbox/main.ts', '--port', '0', '--tickets', '20', '--token', 'cli'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  try {
    const lines = createInterface({ input: child.stdout })
    const [url] = (await once(lines, 'line')) as [string]
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const res = await fetch(`${url}/api/v1/ticket?per_page=5`, {
      headers: { accept: 'application/json', authorization: 'Bearer cli' },
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { meta: { total: number } }).meta.total).toBe(22)
    const exited = once(child, 'exit') as Promise<[number | null, string | null]>
    child.kill(signal)
    const [code] = await exited
    expect(code).toBe(0)
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
}

describe('sandbox command', () => {
  it('prints its URL and stops on SIGTERM', () => run('SIGTERM'))
  it('stops on SIGINT', () => run('SIGINT'))

  it.each([
    ['--open-share', '1.5'],
    ['--open-share', 'half'],
    ['--time-zone', 'Mars/Olympus'],
  ])('refuses %s %s with exit status 2', async (flag, value) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/main.ts', flag, value], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(2)
  })

  it('refuses a bad option value', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/sandbox/main.ts', '--port', 'x'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    )
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(2)
  })

  async function output(
    args: string[],
  ): Promise<{ code: number | null; out: string; err: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/main.ts', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const [code] = (await once(child, 'exit')) as [number | null]
    return { code, out, err }
  }

  it('--help lists the options and the control surface, and exits 0 without starting', async () => {
    for (const flag of ['--help', '-h']) {
      const { code, out, err } = await output([flag])
      expect(code, err).toBe(0)
      for (const option of ['--port', '--tickets', '--token', '--no-gzip', '/api/v1']) {
        expect(out).toContain(option)
      }
      // Where trainers and testers act as another agent or inject faults.
      expect(out).toContain('/__sandbox/tickets/ID')
      expect(out).toContain('/__sandbox/faults')
      expect(out).not.toMatch(/^http:\/\/127/m)
    }
  })

  it('an unknown option says so and points at --help (exit 2, no stack)', async () => {
    const { code, err } = await output(['--bogus'])
    expect(code).toBe(2)
    expect(err).toContain("Unknown option '--bogus'")
    expect(err).toContain('--help')
    expect(err).not.toContain('    at ')
  })
})
