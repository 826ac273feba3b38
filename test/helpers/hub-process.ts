/**
 * The team hub as a real process (src/hub/main.ts bundled once per test file with esbuild, like
 * the CLI), and a small authenticated client for its protocol: JSON calls and an event-stream
 * reader that records every event it receives.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createParser } from 'eventsource-parser'
import type { SandboxOptions } from '../../src/sandbox/server'
import { healthSchema } from '../../src/shared/hub/protocol'
import { bundleEntry } from './cli-process'
import { startTestSandbox, type TestSandbox } from './sandbox'
import { waitFor } from './wait'

const ROOT = resolve(import.meta.dirname, '../..')

export interface HubProcess {
  url: string
  child: ChildProcess
  /** Everything the hub wrote to stderr so far. */
  stderr(): string
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<number | null>
}

export interface HubRunner {
  /** Starts `hub args...` with the token in AGENT_CONSOLE_TOKEN; resolves once it prints its address. */
  start(args: string[], token: string): Promise<HubProcess>
  /** Runs `hub args...` to its exit (for refusals). */
  run(
    args: string[],
    token: string,
  ): Promise<{ code: number | null; stdout: string; stderr: string }>
  dispose(): void
}

export async function bundleHub(): Promise<HubRunner> {
  const { outfile, dispose } = await bundleEntry('src/hub/main.ts', 'hub')
  const spawnHub = (args: string[], token: string): ChildProcess =>
    spawn(process.execPath, [outfile, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AGENT_CONSOLE_TOKEN: token },
    })
  const run: HubRunner['run'] = (args, token) =>
    new Promise((resolveRun, reject) => {
      const child = spawnHub(args, token)
      let stdout = ''
      let stderr = ''
      child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d))
      child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d))
      child.on('error', reject)
      child.on('close', (code) => resolveRun({ code, stdout, stderr }))
    })
  const start: HubRunner['start'] = (args, token) =>
    new Promise((resolveStart, reject) => {
      const child = spawnHub(args, token)
      let stdout = ''
      let stderr = ''
      const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)))
      child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d))
      child.on('close', (code) =>
        reject(new Error(`hub exited (${code}) before listening: ${stderr}`)),
      )
      child.stdout?.setEncoding('utf8').on('data', (d: string) => {
        stdout += d
        const line = /^(https?:\/\/\S+)\n/m.exec(stdout)
        if (line)
          resolveStart({
            url: line[1] as string,
            child,
            stderr: () => stderr,
            stop: async () => {
              if (child.exitCode === null) child.kill('SIGTERM')
              return exited
            },
          })
      })
    })
  return { start, run, dispose }
}

/** Starts the hub and waits until its first full sync has completed; returns it with a client. */
export async function startSyncedHub(
  runner: HubRunner,
  args: string[],
  token: string,
): Promise<{ hub: HubProcess; client: HubTestClient }> {
  const hub = await runner.start(args, token)
  const client = new HubTestClient(hub.url, token)
  await waitFor(async () => {
    const res = await client.get('/health')
    return res.status === 200 && healthSchema.parse(res.body).tiers.all.lastSyncAt !== null
  }, "the hub's first full sync")
  return { hub, client }
}

export interface HubOnSandbox {
  /** A fresh folder: the hub's database is `hub.sqlite` in it; the test may keep more there. */
  dir: string
  sandbox: TestSandbox
  runner: HubRunner
  hub: HubProcess
  /** A client with the hub's own token. */
  client: HubTestClient
  /** Stops the hub, the bundle and the sandbox, and removes the folder. */
  close(): Promise<void>
}

/**
 * A real sandbox that takes `token`, and the hub bundled and started against it past its first
 * full read, with `hubArgs` after `--api-url` and `--db`.
 */
export async function startHubOnSandbox(options: {
  token: string
  sandbox: SandboxOptions
  hubArgs: string[]
}): Promise<HubOnSandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'ac-hub-'))
  const [sandbox, runner] = await Promise.all([
    startTestSandbox({ ...options.sandbox, token: options.token }),
    bundleHub(),
  ])
  const { hub, client } = await startSyncedHub(
    runner,
    ['--api-url', sandbox.apiBase, '--db', join(dir, 'hub.sqlite'), ...options.hubArgs],
    options.token,
  )
  return {
    dir,
    sandbox,
    runner,
    hub,
    client,
    close: async () => {
      await hub.stop()
      runner.dispose()
      await sandbox.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface HubCall {
  status: number
  headers: Headers
  body: unknown
}

/** A desktop's view of the hub: every call with its token. */
export class HubTestClient {
  constructor(
    readonly url: string,
    readonly token: string | null,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...extra }
  }

  async call(method: string, path: string, body?: unknown, raw?: string): Promise<HubCall> {
    const res = await fetch(this.url + '/hub/v1' + path, {
      method,
      headers: this.headers(
        body !== undefined || raw ? { 'content-type': 'application/json' } : {},
      ),
      ...(raw !== undefined
        ? { body: raw }
        : body !== undefined
          ? { body: JSON.stringify(body) }
          : {}),
    })
    const text = await res.text()
    return {
      status: res.status,
      headers: res.headers,
      body: text ? (JSON.parse(text) as unknown) : null,
    }
  }

  get(path: string): Promise<HubCall> {
    return this.call('GET', path)
  }

  /** The snapshot's lines, parsed. */
  async snapshot(
    gzip = false,
  ): Promise<{ lines: Record<string, unknown>[]; encoding: string | null }> {
    const res = await fetch(this.url + '/hub/v1/snapshot', {
      headers: this.headers(
        gzip ? { 'accept-encoding': 'gzip' } : { 'accept-encoding': 'identity' },
      ),
    })
    if (res.status !== 200) throw new Error(`snapshot: ${res.status} ${await res.text()}`)
    const text = await res.text() // fetch inflates gzip itself
    return {
      encoding: res.headers.get('content-encoding'),
      lines: text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    }
  }

  /** Opens the event stream; `events` fills as they arrive. */
  stream(options: { after?: string; lastEventId?: string; desktopId?: string } = {}): TestStream {
    const params = new URLSearchParams()
    if (options.after) params.set('after', options.after)
    if (options.desktopId) params.set('desktopId', options.desktopId)
    const controller = new AbortController()
    const stream: TestStream = {
      events: [],
      status: null,
      ended: false,
      close: () => controller.abort(),
    }
    void (async () => {
      try {
        const res = await fetch(`${this.url}/hub/v1/stream?${params.toString()}`, {
          headers: this.headers(
            options.lastEventId ? { 'last-event-id': options.lastEventId } : {},
          ),
          signal: controller.signal,
        })
        stream.status = res.status
        if (!res.body) return
        // The same event-stream reader as the desktop's; comments (the hub's pings) kept apart.
        const parser = createParser({
          onEvent: (e) =>
            stream.events.push({
              event: e.event ?? 'message',
              id: e.id ?? null,
              data: e.data === '' ? null : (JSON.parse(e.data) as unknown),
              comment: null,
            }),
          onComment: (comment) =>
            stream.events.push({ event: 'message', id: null, data: null, comment: comment.trim() }),
        })
        const decoder = new TextDecoder()
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          parser.feed(decoder.decode(chunk, { stream: true }))
        }
      } catch {
        // Closed by the test or by the hub.
      } finally {
        stream.ended = true
      }
    })()
    return stream
  }
}

export interface StreamEvent {
  event: string
  id: string | null
  data: unknown
  comment: string | null
}

export interface TestStream {
  events: StreamEvent[]
  status: number | null
  ended: boolean
  close(): void
}
