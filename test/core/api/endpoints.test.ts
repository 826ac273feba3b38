/** Each endpoint through the client against the real sandbox: CRUD, lookups, pages, base URLs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createVendorClient,
  fetchAll,
  normalizeApiBase,
  walkPages,
  type VendorClient,
} from '../../../src/main/core/api'
import type { PageMeta } from '../../../src/shared/domain/api-schemas'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'

let sandbox: TestSandbox
let api: VendorClient

beforeAll(async () => {
  sandbox = await startTestSandbox({ tickets: 120, seed: 3, token: 'test-token', perPageCap: 25 })
  api = createVendorClient({ baseUrl: sandbox.url + '/', token: 'test-token' })
})
afterAll(() => sandbox.close())

describe('normalizeApiBase', () => {
  it.each([
    ['http://host', 'http://host/api/v1'],
    ['http://host/', 'http://host/api/v1'],
    ['http://host:8080/api/v1', 'http://host:8080/api/v1'],
    ['http://host/api/v1/', 'http://host/api/v1'],
    ['https://host/crm/api/v1/ticket?page=2', 'https://host/crm/api/v1'],
    ['  host.example.com  ', 'https://host.example.com/api/v1'],
    ['http://host/crm', 'http://host/crm/api/v1'],
  ])('%s -> %s', (input, want) => {
    expect(normalizeApiBase(input)).toBe(want)
  })

  it('refuses what is not an http address', () => {
    expect(() => normalizeApiBase('')).toThrow()
    expect(() => normalizeApiBase('ftp://host')).toThrow()
  })
})

describe('tickets', () => {
  it('views a ticket bare, as the document shows, with its embedded objects', async () => {
    const t = await api.getTicket(66)
    expect(t.subject).toBe('工單 for TEST')
    expect(t.contact?.identity_no).toBe('A123456789')
    expect(t.termination_code?.name).toBe('確認可否處理')
    expect(t.category?.name).toBe('理賠相關')
  })

  it('creates, updates and deletes, keeping embedded objects in step with ids', async () => {
    const created = await api.createTicket({
      subject: '  客戶來電:保費扣款失敗  ',
      content: '第一行\n第二行',
      contact_id: 2,
      sub_category_id: 21,
      priority: 2,
      due_at: '2030-01-02 03:04:05',
    })
    expect(created.id).toBeGreaterThan(120)
    expect(created.subject).toBe('客戶來電:保費扣款失敗')
    expect(created.status).toBe(0)
    expect(created.category).toEqual({ id: 3, name: 'PA 相關', description: null })
    expect(created.due_at).toBe('2030-01-02 03:04:05')

    const updated = await api.updateTicket(created.id, {
      handler_id: 6,
      sub_category_id: 24,
      status: 2,
      termination_code_id: 8,
    })
    expect(updated.handler?.name).toBe('Karick Tung')
    expect(updated.sub_category?.name).toBe('測試子分類')
    expect(updated.category).toBeNull()
    expect(updated.category_id).toBeNull()
    expect(updated.termination_code?.name).toBe('搞定')
    expect(updated.updated_at! > created.updated_at!).toBe(true)
    expect(updated.subject).toBe(created.subject)

    const cleared = await api.updateTicket(created.id, { handler_id: null, due_at: null })
    expect(cleared.handler).toBeNull()
    expect(cleared.due_at).toBeNull()

    await api.deleteTicket(created.id)
    await expect(api.getTicket(created.id)).rejects.toMatchObject({ code: 'not_found' })
    // Deleting what is already gone reaches the goal too.
    await expect(api.deleteTicket(created.id)).resolves.toBeUndefined()
  })

  it('gives the server field messages of a 422', async () => {
    const error = await api
      .createTicket({ subject: ' ', content: 'x', handler_id: 9999, due_at: '2020-13-01 00:00:00' })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'validation',
      fields: {
        subject: ['The subject field is required.'],
        handler_id: ['The selected handler id is invalid.'],
        due_at: ['The due at does not match the format Y-m-d H:i:s.'],
      },
    })
    await expect(api.updateTicket(66, { status: 9 })).rejects.toMatchObject({
      code: 'validation',
      fields: { status: ['The selected status is invalid.'] },
    })
  })

  it('says not_found for a missing ticket', async () => {
    await expect(api.getTicket(999_999)).rejects.toMatchObject({ code: 'not_found', status: 404 })
    await expect(api.updateTicket(999_999, { subject: 'x' })).rejects.toMatchObject({
      code: 'not_found',
    })
  })
})

describe('lookups', () => {
  it('lists employees newest first and searches name, employee number and id number', async () => {
    const page = await api.listEmployees({ per_page: 3 })
    expect(page.data.map((e) => e.id)).toEqual([17, 16, 15])
    expect(page.meta).toMatchObject({ total: 17, per_page: 3, last_page: 6 })
    expect((await api.listEmployees({ search: 'tommy' })).data.map((e) => e.id)).toEqual([7])
    expect((await api.listEmployees({ search: 'Karick' })).data.map((e) => e.id)).toEqual([6])
    const withId = (await fetchAll((page) => api.listEmployees({ page }))).find(
      (e) => e.identity_no,
    )
    expect(withId).toBeDefined()
    const byId = await api.listEmployees({ search: withId!.identity_no! })
    expect(byId.data.map((e) => e.id)).toEqual([withId!.id])
  })

  it('lists sponsors, termination codes (searchable), categories and sub-categories', async () => {
    expect((await api.listSponsors()).data[0]).toEqual({
      id: 1,
      name: 'default',
      description: null,
      is_immortal: true,
      mail_channels: [],
    })
    const codes = await fetchAll((page) => api.listTerminationCodes({ page, per_page: 3 }))
    expect(codes.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    const found = await api.listTerminationCodes({ search: '搞定' })
    expect(found.data.map((c) => c.id)).toEqual([8])
    const categories = await api.listCategories()
    expect(categories.data.find((c) => c.id === 3)?.children?.map((s) => s.id)).toEqual([21, 22])
    const subs = await api.listSubCategories()
    expect(subs.meta.total).toBe(7)
    expect(subs.data.find((s) => s.id === 24)).toMatchObject({ category: null, category_id: null })
    const ofThree = await api.listSubCategories({ category_id: 3 })
    expect(ofThree.data.map((s) => s.id)).toEqual([21, 22])
  })
})

describe('walking pages', () => {
  it('follows last_page when the server caps per_page below what was asked', async () => {
    const metas: PageMeta[] = []
    const pages: number[][] = []
    for await (const items of walkPages((page) => api.searchTickets({ page, per_page: 60 }), {
      onPage: (meta) => metas.push(meta),
    })) {
      pages.push(items.map((t) => t.id))
    }
    const ids = pages.flat()
    expect(metas[0]!.per_page).toBe(25)
    expect(pages.length).toBe(Math.ceil(ids.length / 25))
    expect(new Set(ids).size).toBe(ids.length)
    const stored = (await sandbox.control.listTickets()).map((t) => t.id)
    expect([...ids].sort((a, b) => a - b)).toEqual(stored)
  })

  it('stops when cancelled', async () => {
    const controller = new AbortController()
    const seen: number[] = []
    const walk = async (): Promise<void> => {
      for await (const items of walkPages(
        (page) => api.searchTickets({ page }, { signal: controller.signal }),
        { signal: controller.signal },
      )) {
        seen.push(items.length)
        controller.abort()
      }
    }
    await expect(walk()).rejects.toMatchObject({ code: 'cancelled' })
    expect(seen.length).toBe(1)
  })
})
