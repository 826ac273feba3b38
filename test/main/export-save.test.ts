// The desktop's export: the save dialog first (a fake here: the only mock, for Electron), then
// the real core writes and the complete file is moved where the agent chose.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, exportDirFor, type Core } from '../../src/main/core'
import { createMemorySecretStore } from '../../src/main/core/settings/secret-store'
import { createExportSaveHandler } from '../../src/main/export-save'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'

describe('desktop export through the save dialog', () => {
  let sandbox: TestSandbox
  let core: Core
  let dataDir: string
  const asked: string[] = []

  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 40, seed: 3 })
    dataDir = mkdtempSync(join(tmpdir(), 'ac-export-save-'))
    core = await createCore({
      host: 'desktop',
      version: 'test',
      dataDir,
      secrets: createMemorySecretStore(),
      autoSync: false,
      validateOutput: true,
    })
    const connected = await core.invoke('connection:connect', { apiUrl: sandbox.url })
    expect(connected.ok).toBe(true)
    await core.sync.runFull()
  })
  afterAll(async () => {
    await core?.close()
    await sandbox?.close()
  })

  const handler = (answer: string | null) =>
    createExportSaveHandler({
      core,
      exportDir: exportDirFor(join(dataDir, 'cache.sqlite')),
      askSavePath: (name) => {
        asked.push(name)
        return Promise.resolve(answer)
      },
    })
  const request = (id: string) => ({
    id,
    format: 'csv',
    columns: ['id', 'subject'],
    language: 'en',
  })

  it('writes nothing when the agent cancels the dialog', async () => {
    const answer = await handler(null)(request('save-cancelled'))
    expect(answer).toMatchObject({ ok: true, value: { state: 'cancelled', rows: 0 } })
    expect(asked.at(-1)).toMatch(/^tickets-\d{8}-\d{6}\.csv$/)
    const dir = exportDirFor(join(dataDir, 'cache.sqlite'))
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([])
  })

  it('saves the complete file where the agent chose, and keeps no copy', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'ac-export-target-')), 'my tickets.csv')
    const page = await core.invoke('tickets:query', { limit: 1 })
    const total = page.ok ? (page.value as { total: number }).total : -1
    expect(total).toBeGreaterThanOrEqual(40)
    const answer = await handler(target)(request('save-chosen'))
    expect(answer).toMatchObject({
      ok: true,
      value: { state: 'done', rows: total, savedTo: target },
    })
    const raw = readFileSync(target, 'utf8')
    expect(raw.startsWith('\uFEFFID,Subject\r\n')).toBe(true)
    const lines = raw.trim().split('\r\n')
    expect(lines).toHaveLength(total + 1)
    expect(readdirSync(exportDirFor(join(dataDir, 'cache.sqlite')))).toEqual([])
  })

  it('passes a bad request to the core, which refuses it', async () => {
    const answer = await handler('/tmp/never.csv')({ id: 'x', format: 'pdf' })
    expect(answer.ok).toBe(false)
  })
})
