/**
 * What the client counts and how it names a cut-off answer, against the real sandbox: requests
 * and response bytes as on the wire (gzip when the server compresses, equal to the sandbox's own
 * count), and an answer whose connection closes mid-body reported as cut off, not as offline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVendorClient } from '../../../src/main/core/api/index'
import { AppError } from '../../../src/shared/domain/errors'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'

let gz: TestSandbox
let plain: TestSandbox

beforeAll(async () => {
  ;[gz, plain] = await Promise.all([
    startTestSandbox({ tickets: 300, seed: 71 }),
    startTestSandbox({ tickets: 300, seed: 71, gzip: false }),
  ])
})
afterAll(async () => {
  await gz?.close()
  await plain?.close()
})

describe('traffic counted by the client', () => {
  it('counts each request and the compressed bytes the sandbox says it sent', async () => {
    const byServer: Record<string, { bytes: number; rawBytes: number }> = {}
    for (const [name, sandbox] of [
      ['gzip', gz],
      ['plain', plain],
    ] as const) {
      const client = createVendorClient({ baseUrl: sandbox.apiBase, retry: { retries: 0 } })
      await sandbox.control.resetStats()
      const page = await client.searchTickets({ page: 1, per_page: 100 })
      await client.getTicket(page.data[0]!.id)
      const stats = await sandbox.control.stats()
      const traffic = client.traffic()
      expect(traffic.requests).toBe(2)
      expect(traffic.bytes).toBe(stats.bytes)
      expect(traffic.rawBytes).toBe(stats.rawBytes)
      byServer[name] = traffic
    }
    // The client really received gzip: the wire bytes are several times smaller than the JSON.
    expect(byServer.gzip!.bytes * 4).toBeLessThan(byServer.gzip!.rawBytes)
    expect(byServer.plain!.bytes).toBe(byServer.plain!.rawBytes)
    expect(byServer.gzip!.rawBytes).toBe(byServer.plain!.rawBytes)
  })

  it('an answer cut off mid-body is "cut off", not "cannot reach the server"', async () => {
    for (const sandbox of [gz, plain]) {
      const client = createVendorClient({ baseUrl: sandbox.apiBase, retry: { retries: 0 } })
      await sandbox.control.setFaults({ cutNext: { count: 1 } })
      const error = await client.searchTickets({ page: 1, per_page: 100 }).catch((e: unknown) => e)
      expect((await sandbox.control.stats()).faults['cut']).toBeGreaterThan(0)
      expect(error).toBeInstanceOf(AppError)
      expect((error as AppError).code).toBe('bad_response')
      expect((error as AppError).message).toMatch(/cut off/)
      expect((error as AppError).message).not.toMatch(/cannot reach/)
      await sandbox.control.clearFaults()
      await sandbox.control.resetStats()
    }
  })
})
