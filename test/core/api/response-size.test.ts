// The client refuses answers past its size limit with a clear error, compressed or not, and
// does not retry them.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVendorClient, MAX_RESPONSE_BYTES } from '../../../src/main/core/api/api-client'

let server: Server
let base: string
let hits = 0
// A syntactically valid page padded with whitespace past the limit.
const huge = Buffer.from(
  '{"data":[],"meta":{"current_page":1,"last_page":1,"per_page":100,"total":0}' +
    ' '.repeat(MAX_RESPONSE_BYTES + 1024) +
    '}',
)
const bomb = gzipSync(huge)

beforeAll(async () => {
  server = createServer((req, res) => {
    hits += 1
    if (req.url?.includes('gz')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      res.end(bomb)
    } else {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(huge)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => server.close())

describe('response size limit', () => {
  it('fails an oversized answer with too_large, once', async () => {
    hits = 0
    const api = createVendorClient({
      baseUrl: `${base}/plain`,
      retry: { retries: 3, baseDelayMs: 1 },
    })
    await expect(api.searchTickets()).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringMatching(/size limit/),
    })
    expect(hits).toBe(1)
  })

  it('counts the decompressed size (a small gzip that inflates past the limit)', async () => {
    expect(bomb.length).toBeLessThan(100_000)
    const api = createVendorClient({ baseUrl: `${base}/gz`, retry: { retries: 0 } })
    await expect(api.searchTickets()).rejects.toMatchObject({ code: 'too_large' })
  })

  it('takes a smaller limit from the options', async () => {
    const api = createVendorClient({
      baseUrl: `${base}/plain`,
      retry: { retries: 0 },
      maxResponseBytes: 1000,
    })
    await expect(api.searchTickets()).rejects.toMatchObject({ code: 'too_large' })
  })
})
