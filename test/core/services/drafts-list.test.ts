/**
 * The drafts as the waiting-edits screen lists them, through the real core, sandbox and SQLite
 * files: each by what it is for, a ticket gone from this computer said so (a damaged copy of one
 * is not gone), a caller named as the pickers name people.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { openDatabase } from '../../../src/main/core/db/open-database'
import { call, startTestCore } from '../../helpers/core'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'

describe('the drafts listed', () => {
  let sandbox: TestSandbox
  let core: Core

  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 20, seed: 5 })
    core = await startTestCore({})
    await call(core, 'connection:connect', { apiUrl: sandbox.url })
    await core.sync.runFull()
  })
  afterAll(async () => {
    await core?.close()
    await sandbox?.close()
  })

  it('lists the drafts kept by what each is for: a ticket by its subject, a ticket gone, a caller', async () => {
    const three = await sandbox.control.getTicket(3)
    const contactId = three?.contact?.id
    if (!three || !contactId) throw new Error('ticket 3 and its contact')
    // What ticket 3's form keeps while the agent types about its caller.
    const draftOf3 = {
      key: 'ticket:3',
      values: { statusMemo: '等客戶回電確認地址' },
      baseUpdatedAt: three.updated_at ?? null,
      baseValues: { statusMemo: three.status_memo ?? null },
    }
    await call(core, 'drafts:save', draftOf3)
    await call(core, 'drafts:save', { ...draftOf3, key: 'ticket:999999' })
    await call(core, 'drafts:save', {
      key: `new:${contactId}`,
      values: { subject: '地址變更' },
      baseUpdatedAt: null,
      baseValues: null,
    })
    const listed = new Map((await call(core, 'drafts:list', {})).map((d) => [d.draft.key, d]))
    expect(listed.get('ticket:3')).toMatchObject({
      draft: { values: draftOf3.values, baseValues: draftOf3.baseValues },
      ticketSubject: three.subject,
      ticketGone: false,
    })
    // Not on this computer: deleted since (the cache equals the server after every sync).
    expect(listed.get('ticket:999999')).toMatchObject({ ticketSubject: null, ticketGone: true })
    const caller3 = listed.get(`new:${contactId}`)?.contact
    expect(caller3?.id).toBe(contactId)
    // Named as the pickers name people: the national id masked, never whole.
    expect(JSON.stringify(caller3)).not.toContain(three.contact?.identity_no ?? 'never')
    for (const key of listed.keys()) await call(core, 'drafts:clear', { key })
    expect(await call(core, 'drafts:list', {})).toEqual([])
  })

  it('says a ticket whose stored copy is damaged is there, not gone: the next sync fetches it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ac-drafts-damaged-'))
    const first = await startTestCore({ dataDir })
    await call(first, 'connection:connect', { apiUrl: sandbox.url })
    await first.sync.runFull()
    const four = await sandbox.control.getTicket(4)
    await call(first, 'drafts:save', {
      key: 'ticket:4',
      values: { content: '客戶補充：帳單地址也要改' },
      baseUpdatedAt: four?.updated_at ?? null,
      baseValues: { content: four?.content ?? null },
    })
    await first.close()
    // A stray byte in ticket 4's stored copy, as a failing disk leaves it.
    const path = join(dataDir, 'cache.sqlite')
    const key = Buffer.from(readFileSync(`${path}.key`, 'utf8').trim(), 'hex')
    const db = openDatabase(path, { key })
    const json = db.prepare('SELECT json FROM ticket_json WHERE id = 4').pluck().get() as string
    db.prepare('UPDATE ticket_json SET json = ? WHERE id = 4').run(`\u0001${json}`)
    db.close()

    const again = await startTestCore({ dataDir })
    try {
      const [listed] = await call(again, 'drafts:list', {})
      expect(listed).toMatchObject({ draft: { key: 'ticket:4' }, ticketGone: false })
    } finally {
      await again.close()
    }
  })
})
