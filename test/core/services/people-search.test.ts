// The pickers' and the caller lookup's searches through the real core, sandbox and SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Core } from '../../../src/main/core/core'
import type { Contact, Ticket } from '../../../src/shared/domain/api-schemas'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { call, startTestCore } from '../../helpers/core'

let sandbox: TestSandbox
let core: Core

beforeAll(async () => {
  sandbox = await startTestSandbox({ tickets: 300, seed: 8 })
  core = await startTestCore()
  await call(core, 'connection:connect', { apiUrl: sandbox.url })
})

/** Every ticket as the cache holds it (after a sync). */
async function cachedTickets(): Promise<Ticket[]> {
  const listed = await sandbox.control.listTickets()
  return Promise.all(
    listed.map(async (l) => (await call(core, 'tickets:get', { id: l.id })).ticket),
  )
}

afterAll(async () => {
  await core?.close()
  await sandbox?.close()
})

describe('people searches', () => {
  it('finds an employee by name without the space before the first sync (from the API)', async () => {
    const everyone = await call(core, 'employees:search', { limit: 50 })
    const spaced = everyone.find((e) => /^[\u4e00-\u9fff] [\u4e00-\u9fff]+$/.test(e.name ?? ''))
    expect(spaced).toBeDefined()
    const joined = (spaced?.name ?? '').replace(' ', '')
    const found = await call(core, 'employees:search', { search: joined })
    expect(found.map((e) => e.id)).toContain(spaced?.id)
  })

  it('finds employees in the cache by name with or without the space, number and extension', async () => {
    await core.sync.runFull()
    const { employees } = await call(core, 'lookups:get', {})
    const spaced = employees.filter((e) => /\s/.test(e.name ?? ''))
    expect(spaced.length).toBeGreaterThan(3)
    for (const e of spaced) {
      const name = e.name ?? ''
      for (const search of [name, name.replace(/\s+/g, ''), name.toUpperCase()]) {
        const found = await call(core, 'employees:search', { search })
        expect(
          found.map((f) => f.id),
          search,
        ).toContain(e.id)
        expect(
          found.every(
            (f) =>
              (f.name ?? '')
                .replace(/\s+/g, '')
                .toLowerCase()
                .includes(name.replace(/\s+/g, '').toLowerCase()) ||
              (f.employeeNo ?? '').toLowerCase().includes(name.toLowerCase()),
          ),
          search,
        ).toBe(true)
      }
    }
    const withExtension = []
    for (const e of employees) {
      const full = await call(core, 'employees:get', { id: e.id })
      if (full?.extension?.extension) withExtension.push(full)
    }
    expect(withExtension.length).toBeGreaterThan(0)
    for (const e of withExtension) {
      const ext = e.extension?.extension ?? ''
      expect(
        (await call(core, 'employees:search', { search: ext })).map((f) => f.id),
        ext,
      ).toContain(e.id)
      // Full-width digits, as Taiwanese input methods often type them.
      const wide = ext.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
      expect((await call(core, 'employees:search', { search: wide })).map((f) => f.id)).toContain(
        e.id,
      )
    }
    expect(await call(core, 'employees:search', { search: '不存在的人名' })).toEqual([])
  })

  it('offers contacts by name, membership number or national id in full, the id masked', async () => {
    const listed = await cachedTickets()
    const contacts = new Map<number, Contact>()
    for (const t of listed) if (t.contact?.identity_no) contacts.set(t.contact.id, t.contact)
    expect(contacts.size).toBeGreaterThan(5)
    for (const c of [...contacts.values()].slice(0, 10)) {
      const name = c.name ?? ''
      const idNo = c.identity_no as string
      const searches = [name, name.replace(/\s+/g, ''), idNo, idNo.toLowerCase()]
      if (c.membership_no) searches.push(c.membership_no)
      for (const search of searches) {
        const found = await call(core, 'contacts:search', { search, limit: 50 })
        const hit = found.find((f) => f.id === c.id)
        expect(hit, search).toBeDefined()
        expect(hit?.maskedIdentityNo).toBe(`${idNo.slice(0, 4)}****${idNo.slice(-2)}`)
        expect(JSON.stringify(found)).not.toContain(idNo)
      }
      // Part of a national id is not a match by the id.
      const part = await call(core, 'contacts:search', { search: idNo.slice(0, 6), limit: 50 })
      expect(part.map((f) => f.id)).not.toContain(c.id)
    }
  })

  it("lists a caller's tickets by the contact filter, with why each matched", async () => {
    const listed = await cachedTickets()
    const t = listed.find((x) => x.contact?.name && /\s/.test(x.contact.name)) ?? listed[0]
    const contact = t?.contact as Contact
    const byFilter = await call(core, 'tickets:query', { filters: { contactId: contact.id } })
    const want = listed.filter((x) => x.contact_id === contact.id).map((x) => x.id)
    expect(byFilter.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(want.sort((a, b) => a - b))
    const joined = (contact.name ?? '').replace(/\s+/g, '')
    const bySearch = await call(core, 'tickets:query', { filters: { search: joined }, limit: 500 })
    const row = bySearch.rows.find((r) => r.id === t?.id)
    expect(row?.match?.fields).toContain('contactName')
    expect(row?.match?.contactName.length).toBeGreaterThan(0)
  })
})
