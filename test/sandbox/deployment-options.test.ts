/**
 * The sandbox behaves like a real deployment where benchmarks and write tests need it to: gzip
 * when asked (as nginx in front of Laravel), a server clock in any zone, and a history whose
 * share of open tickets can be set.
 */
import { request } from 'node:http'
import { gunzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { acceptsGzip } from '../../src/sandbox/server'
import { serverNow } from '../../src/shared/domain/server-time'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'

let sandbox: TestSandbox | undefined

afterEach(async () => {
  await sandbox?.close()
  sandbox = undefined
})

/** A raw GET that does not inflate, so the bytes on the wire can be seen. */
function rawGet(
  url: string,
  acceptEncoding: string | null,
): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (acceptEncoding !== null) headers['accept-encoding'] = acceptEncoding
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('gzip', () => {
  it('answers a ticket page gzipped when asked, several times smaller, and counts both sizes', async () => {
    sandbox = await startTestSandbox({ tickets: 300, seed: 3 })
    await sandbox.control.resetStats()
    const url = `${sandbox.apiBase}/ticket?per_page=100`
    const zipped = await rawGet(url, 'gzip, deflate')
    const plain = await rawGet(url, null)

    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length)
    expect(plain.headers['content-encoding']).toBeUndefined()
    const inflated = gunzipSync(zipped.body)
    expect(inflated.equals(plain.body)).toBe(true)
    expect(zipped.body.length * 4).toBeLessThan(plain.body.length)

    const stats = await sandbox.control.stats()
    expect(stats.bytes).toBe(zipped.body.length + plain.body.length)
    expect(stats.rawBytes).toBe(plain.body.length * 2)
  })

  it('can be turned off, and q=0 means no', async () => {
    sandbox = await startTestSandbox({ tickets: 50, gzip: false })
    const answer = await rawGet(`${sandbox.apiBase}/ticket?per_page=50`, 'gzip')
    expect(answer.headers['content-encoding']).toBeUndefined()
    expect(acceptsGzip('gzip;q=0, identity')).toBe(false)
    expect(acceptsGzip('deflate, gzip;q=0.5')).toBe(true)
    expect(acceptsGzip('*')).toBe(true)
    expect(acceptsGzip(undefined)).toBe(false)
  })
})

describe('server time zone', () => {
  it.each(['UTC', 'Asia/Taipei', 'America/New_York'])(
    'writes created_at and updated_at in %s wall-clock time',
    async (timeZone) => {
      sandbox = await startTestSandbox({ tickets: 5, timeZone })
      const before = serverNow(timeZone)
      const created = await sandbox.control.createTicket({ subject: '時區', content: '測試' })
      const after = serverNow(timeZone)
      expect(created.created_at >= before && created.created_at <= after).toBe(true)
      expect(created.updated_at).toBe(created.created_at)
    },
  )
})

describe('open share', () => {
  it('leaves the given share of generated tickets open', async () => {
    sandbox = await startTestSandbox({ tickets: 4000, seed: 5, openShare: 0.05 })
    const total = async (query: string): Promise<number> => {
      const res = await fetch(`${sandbox?.apiBase}/ticket?per_page=1${query}`)
      return ((await res.json()) as { meta: { total: number } }).meta.total
    }
    const share = (await total('&statuses[]=0&statuses[]=1')) / (await total(''))
    expect(share).toBeGreaterThan(0.035)
    expect(share).toBeLessThan(0.065)
  })
})
