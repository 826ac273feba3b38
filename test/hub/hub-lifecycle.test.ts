// The hub's life as IT runs it: a restart resumes the same log (same epoch, cursors still
// valid) and admits the tokens it had accepted without asking the vendor again, a store rebuilt from scratch makes desktops take a new snapshot, its files are
// private, and it refuses to serve other computers unencrypted unless told to.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changesResponseSchema, healthSchema } from '../../src/shared/hub/protocol'
import {
  bundleHub,
  HubTestClient,
  startSyncedHub,
  type HubProcess,
  type HubRunner,
} from '../helpers/hub-process'
import { waitFor } from '../helpers/wait'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'

const TOKEN = 'hub-life-token'
let sandbox: TestSandbox
let runner: HubRunner
let dir: string
const running: HubProcess[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hub-life-'))
  sandbox = await startTestSandbox({ tickets: 80, seed: 9, token: TOKEN })
  runner = await bundleHub()
})

afterAll(async () => {
  for (const hub of running) await hub.stop()
  runner?.dispose()
  await sandbox?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function startHub(db: string): Promise<{ hub: HubProcess; client: HubTestClient }> {
  const started = await startSyncedHub(
    runner,
    ['--api-url', sandbox.apiBase, '--db', db, '--new-ms', '500', '--open-ms', '1000'],
    TOKEN,
  )
  running.push(started.hub)
  return started
}

describe('the hub across restarts', () => {
  it('answers 503 unavailable to /snapshot and /changes until its first full read is done', async () => {
    // A slow vendor: the hub's first read (lookups, then the sweep) takes many seconds.
    await sandbox.control.setFaults({ latencyMs: 700 })
    try {
      const hub = await runner.start(
        ['--api-url', sandbox.apiBase, '--db', join(dir, 'first-read.sqlite')],
        TOKEN,
      )
      running.push(hub)
      const client = new HubTestClient(hub.url, TOKEN)
      const health = await client.get('/health')
      expect(health.status).toBe(200)
      expect(healthSchema.parse(health.body).tiers.all.lastSyncAt).toBeNull()
      for (const path of ['/snapshot', `/changes?after=${healthSchema.parse(health.body).head}`]) {
        const res = await client.get(path)
        expect(res.status).toBe(503)
        expect(res.headers.get('retry-after')).toBe('30')
        expect(res.body).toMatchObject({ error: { code: 'unavailable' } })
      }
      await sandbox.control.clearFaults()
      await waitFor(async () => {
        const res = await fetch(`${hub.url}/hub/v1/snapshot`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        })
        await res.body?.cancel()
        return res.status === 200
      }, "the hub's first full read")
    } finally {
      await sandbox.control.clearFaults()
    }
  })

  it('keeps its epoch and cursors after a restart, and its files private', async () => {
    const db = join(dir, 'store', 'hub.sqlite')
    const first = await startHub(db)
    const before = healthSchema.parse((await first.client.get('/health')).body)
    expect(statSync(join(dir, 'store')).mode & 0o777).toBe(0o700)
    expect(statSync(db).mode & 0o777).toBe(0o600)
    expect(statSync(db + '.key').mode & 0o777).toBe(0o600)
    expect(await first.hub.stop()).toBe(0)

    // A change to an open ticket made while the hub was down is in the feed after the old cursor.
    let id = 0
    for (const t of await sandbox.control.listTickets()) {
      const status = (await sandbox.control.getTicket(t.id))?.status
      if (status === 0 || status === 1) {
        id = t.id
        break
      }
    }
    await sandbox.control.updateTicket(id, { subject: 'while the hub was down' })
    const second = await startHub(db)
    const after = healthSchema.parse((await second.client.get('/health')).body)
    expect(after.epoch).toBe(before.epoch)
    // The token the vendor accepted before the restart is admitted without asking it again: a
    // restarted hub does not make the whole floor wait for its token checks.
    expect(before.vendorTraffic?.tokenChecks).toBeGreaterThan(0)
    expect(after.vendorTraffic?.tokenChecks).toBe(0)
    const change = await waitFor(async () => {
      const res = await second.client.get(`/changes?after=${before.head}`)
      expect(res.status).toBe(200)
      const { changes } = changesResponseSchema.parse(res.body)
      return changes.find((c) => c.kind === 'ticket' && c.ticket.id === id)
    }, 'the change made while the hub was down')
    expect(change.seq).toBeGreaterThan(Number(before.head.split(':')[1]))
    await second.hub.stop()

    // Rebuilt from scratch (the store deleted): a new epoch, the old cursor answers 410.
    rmSync(join(dir, 'store'), { recursive: true, force: true })
    const rebuilt = await startHub(db)
    const fresh = healthSchema.parse((await rebuilt.client.get('/health')).body)
    expect(fresh.epoch).not.toBe(before.epoch)
    const stale = await rebuilt.client.get(`/changes?after=${before.head}`)
    expect(stale.status).toBe(410)
    expect(stale.body).toMatchObject({ error: { code: 'snapshot_required' } })
    const stream = rebuilt.client.stream({ lastEventId: after.head })
    await waitFor(() => stream.ended, 'the stream to reset')
    expect(stream.events.map((e) => e.event)).toEqual(['reset'])
    await rebuilt.hub.stop()
  })

  it('finishes stopping when Ctrl+C arrives more than once (a terminal and npm each send it)', async () => {
    const { hub } = await startHub(join(dir, 'twice', 'hub.sqlite'))
    const closed = new Promise<[number | null, string | null]>((r) =>
      hub.child.once('close', (code, signal) => r([code, signal])),
    )
    hub.child.kill('SIGINT')
    // Again and again while it closes its store: none of them may end it halfway.
    const again = setInterval(() => hub.child.kill('SIGINT'), 5)
    const [code, signal] = await closed
    clearInterval(again)
    expect({ code, signal }).toEqual({ code: 0, signal: null })
  })

  it('refuses a non-loopback address without TLS or --allow-insecure, and needs a token', async () => {
    const refused = await runner.run(
      ['--api-url', sandbox.apiBase, '--db', join(dir, 'x.sqlite'), '--host', '0.0.0.0'],
      TOKEN,
    )
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/--tls-cert/)
    expect(refused.stdout).toBe('')
    const noToken = await runner.run(
      ['--api-url', sandbox.apiBase, '--db', join(dir, 'y.sqlite')],
      '',
    )
    expect(noToken.code).toBe(2)
    expect(noToken.stderr).toMatch(/AGENT_CONSOLE_TOKEN/)
  })

  it('serves https with --tls-cert and --tls-key', async () => {
    const cert = join(dir, 'hub.crt')
    const key = join(dir, 'hub.key')
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    )
    const hub = await runner.start(
      [
        '--api-url',
        sandbox.apiBase,
        '--db',
        join(dir, 'tls', 'hub.sqlite'),
        '--tls-cert',
        cert,
        '--tls-key',
        key,
      ],
      TOKEN,
    )
    running.push(hub)
    expect(hub.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const status = await new Promise<number | undefined>((resolveStatus, reject) => {
      const req = request(
        `${hub.url}/hub/v1/health`,
        { ca: readFileSync(cert), headers: { authorization: `Bearer ${TOKEN}` } },
        (res) => {
          res.resume()
          resolveStatus(res.statusCode)
        },
      )
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(200)
    await hub.stop()
  })
})
