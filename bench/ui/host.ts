/**
 * The UI bench's hosts: a cache filled once from a sandbox and kept, and the browser host started
 * on it as agents start it (`npm run web`, its own process).
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startTestHost } from '../../test/helpers/web-host'
import { log, sleep, startSandboxChild } from '../common'

export interface BenchHost {
  url: string
  secret: string
  openUrl: string
}

async function rpc<T>(host: BenchHost, channel: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${host.url}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-agent-console-secret': host.secret },
    body: JSON.stringify(body),
  })
  const envelope = (await res.json()) as { ok: boolean; value: T; error?: { code: string } }
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error?.code}`)
  return envelope.value
}

/**
 * A data folder whose cache holds `tickets` tickets and whose agent has picked who they are,
 * kept in the system's temp folder for later runs (`fresh`: filled again).
 */
export async function preparedDataDir(tickets: number, fresh: boolean): Promise<string> {
  const dataDir = join(tmpdir(), 'agent-console-ui-bench', String(tickets))
  if (fresh) rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(dataDir, { recursive: true })
  if (existsSync(join(dataDir, 'cache.sqlite'))) {
    const host = await startTestHost({
      dataDir,
      autoSync: false,
      apiUrl: 'http://127.0.0.1:9/api/v1',
    })
    try {
      const counts = await rpc<Record<string, number>>(host.host, 'tickets:counts', {
        filters: {},
      })
      const settings = await rpc<{ me: unknown }>(host.host, 'settings:get')
      if (counts['all'] === tickets && settings.me) return dataDir
    } finally {
      await host.close()
    }
  }
  log(`filling the cache with ${tickets} tickets from a sandbox (one full sync)…`)
  const sandbox = await startSandboxChild(tickets)
  const host = await startTestHost({ dataDir, apiUrl: `${sandbox.url}/api/v1` })
  try {
    const started = Date.now()
    for (;;) {
      const status = await rpc<{
        state: string
        lastSyncAt: string | null
        progress: { phase: string; done: number; total: number } | null
      }>(host.host, 'sync:status')
      if (status.lastSyncAt && status.state !== 'syncing') break
      if (status.state === 'error') throw new Error('the sync failed')
      await sleep(2000)
      if (status.progress)
        log(`  ${status.progress.phase} ${status.progress.done}/${status.progress.total}`)
    }
    log(`  synced in ${((Date.now() - started) / 1000).toFixed(0)} s`)
    const employees = await rpc<
      Array<{ id: number; name: string | null; employeeNo: string | null }>
    >(host.host, 'employees:search', { search: '', limit: 5 })
    const me = employees[0]
    if (!me) throw new Error('no employees')
    await rpc(host.host, 'settings:update', {
      me: { id: me.id, name: me.name, employeeNo: me.employeeNo },
    })
  } finally {
    await host.close()
    sandbox.stop()
  }
  return dataDir
}

/**
 * The browser host as `npm run web` starts it, serving `staticDir`, on the prepared cache. Its
 * API address answers nothing, so no sync changes the cache under the measurements.
 */
export async function startHostProcess(
  dataDir: string,
  staticDir: string,
): Promise<BenchHost & { close(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve(import.meta.dirname, '../../src/web/main.ts'),
      '--db',
      join(dataDir, 'cache.sqlite'),
      '--static',
      staticDir,
      '--api-url',
      'http://127.0.0.1:9/api/v1',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  )
  const openUrl = await new Promise<string>((ok, fail) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /Open (\S+)/.exec(out)
      if (m?.[1]) ok(m[1])
    })
    child.once('exit', (code) => fail(new Error(`the browser host exited early (${code})`)))
  })
  const url = new URL(openUrl)
  return {
    url: url.origin,
    openUrl,
    secret: new URLSearchParams(url.hash.slice(1)).get('secret') ?? '',
    close: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done())
        child.kill('SIGTERM')
      }),
  }
}
