// The browser host's download of an export: authenticated like every call (the secret for the
// ticket, a single-use ticket for the GET), the right type and disposition, streamed, then gone.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportDirFor } from '../../src/main/core'
import { SECRET_HEADER } from '../../src/web/web-host'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { startTestHost, type TestHost } from '../helpers/web-host'

describe('browser host export download', () => {
  let sandbox: TestSandbox
  let t: TestHost
  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 30, seed: 5 })
    const staticDir = mkdtempSync(join(tmpdir(), 'ac-static-'))
    mkdirSync(join(staticDir, 'assets'))
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>')
    t = await startTestHost({ staticDir, apiUrl: sandbox.url, autoSync: false })
    await t.core.sync.runFull()
  })
  afterAll(async () => {
    await t?.close()
    await sandbox?.close()
  })

  const post = (path: string, body: unknown, secret = t.host.secret) =>
    fetch(`${t.host.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret },
      body: JSON.stringify(body),
    })

  it('streams the finished file once, as an attachment of its type, and deletes it', async () => {
    const started = await post('/rpc/export:start', {
      id: 'web-download-1',
      format: 'xlsx',
      columns: ['id', 'subject'],
    })
    const result = (await started.json()) as { ok: boolean; value: { fileName: string } }
    expect(result.ok).toBe(true)
    const file = join(exportDirFor(join(t.dataDir, 'cache.sqlite')), 'web-download-1.xlsx')
    expect(existsSync(file)).toBe(true)
    const wanted = { id: 'web-download-1', format: 'xlsx', fileName: result.value.fileName }

    expect((await post('/export/ticket', wanted, 'wrong-secret')).status).toBe(401)
    const ticketAnswer = await post('/export/ticket', wanted)
    const { ticket } = ((await ticketAnswer.json()) as { value: { ticket: string } }).value
    const download = await fetch(`${t.host.url}/export/file?ticket=${ticket}`)
    expect(download.status).toBe(200)
    expect(download.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="${result.value.fileName}"; filename*=UTF-8''${result.value.fileName}`,
    )
    const body = Buffer.from(await download.arrayBuffer())
    expect(body.subarray(0, 2).toString()).toBe('PK') // a zip: the XLSX container
    await expect.poll(() => existsSync(file)).toBe(false)
    // The ticket was single use.
    expect((await fetch(`${t.host.url}/export/file?ticket=${ticket}`)).status).toBe(401)
  })

  it('refuses a ticket for a path, a name of another type, and a GET without a ticket', async () => {
    expect(
      (await post('/export/ticket', { id: '../x', format: 'csv', fileName: 'a.csv' })).status,
    ).toBe(400)
    expect(
      (await post('/export/ticket', { id: 'web-download-2', format: 'csv', fileName: 'a.html' }))
        .status,
    ).toBe(400)
    expect((await fetch(`${t.host.url}/export/file`)).status).toBe(401)
    const ticketAnswer = await post('/export/ticket', {
      id: 'never-written',
      format: 'csv',
      fileName: 'tickets.csv',
    })
    const { ticket } = ((await ticketAnswer.json()) as { value: { ticket: string } }).value
    expect((await fetch(`${t.host.url}/export/file?ticket=${ticket}`)).status).toBe(404)
  })
})
