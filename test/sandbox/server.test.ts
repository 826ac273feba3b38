/** The sandbox's Laravel behaviours and its control surface, over raw HTTP on loopback. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SandboxControl } from '../../src/sandbox/control-client'
import { startSandbox } from '../../src/sandbox/server'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'

let sandbox: TestSandbox

interface Answer {
  status: number
  headers: Headers
  json: Record<string, unknown>
}

async function call(
  path: string,
  init: { method?: string; body?: unknown; token?: string | null; accept?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {
    accept: init.accept ?? 'application/json',
    'content-type': 'application/json',
  }
  const token = init.token === undefined ? 'tok' : init.token
  if (token) headers.authorization = `Bearer ${token}`
  const res = await fetch(sandbox.apiBase + path, {
    method: init.method ?? 'GET',
    headers,
    redirect: 'manual',
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  })
  const text = await res.text()
  let json: Record<string, unknown> = {}
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {}
  } catch {
    json = { html: text }
  }
  return { status: res.status, headers: res.headers, json }
}

const ids = (a: Answer): number[] => (a.json.data as { id: number }[]).map((t) => t.id)

beforeAll(async () => {
  sandbox = await startTestSandbox({ tickets: 300, seed: 5, token: 'tok', perPageCap: 40 })
})
afterAll(() => sandbox.close())

describe('Laravel behaviours', () => {
  it('reads array parameters as statuses[]=0 and as statuses[0]=0 alike', async () => {
    const a = await call('/ticket?statuses[]=0&statuses[]=3&per_page=40')
    const b = await call('/ticket?statuses[0]=0&statuses[1]=3&per_page=40')
    expect(a.status).toBe(200)
    expect(ids(a)).toEqual(ids(b))
    const statuses = (a.json.data as { status: number }[]).map((t) => t.status)
    expect(new Set(statuses)).toEqual(new Set([0, 3]))
  })

  it('refuses a plain statuses=0 with 422, as the array rule would', async () => {
    const a = await call('/ticket?statuses=0')
    expect(a.status).toBe(422)
    expect(a.json).toEqual({
      message: 'The given data was invalid.',
      errors: { statuses: ['The statuses must be an array.'] },
    })
  })

  it('echoes per_page as text when given, a number by default, and caps it', async () => {
    expect((await call('/ticket?per_page=7')).json.meta).toMatchObject({ per_page: '7', to: 7 })
    expect((await call('/ticket')).json.meta).toMatchObject({ per_page: 15, to: 15 })
    const capped = await call('/ticket?per_page=1000')
    expect(capped.json.meta).toMatchObject({ per_page: 40, to: 40, last_page: 8, total: 300 })
    expect(ids(capped).length).toBe(40)
  })

  it('answers a page past the end with empty data and null from/to', async () => {
    const a = await call('/ticket?page=99&per_page=10')
    expect(a.json).toEqual({
      data: [],
      meta: { current_page: 99, from: null, last_page: 30, per_page: '10', to: null, total: 300 },
    })
  })

  it('treats an invalid page as page 1 and refuses an invalid per_page or date', async () => {
    expect((await call('/ticket?page=abc')).json.meta).toMatchObject({ current_page: 1 })
    const bad = await call('/ticket?per_page=0&created_at__end=yesterday&handler_ids[]=x')
    expect(bad.status).toBe(422)
    expect(bad.json.errors).toEqual({
      per_page: ['The per page must be at least 1.'],
      'handler_ids.0': ['The handler ids.0 must be an integer.'],
      created_at__end: ['The created at  end is not a valid date.'],
    })
  })

  it('requires the token: 401 JSON when asking for JSON, a login redirect otherwise', async () => {
    const noToken = await call('/ticket', { token: null })
    expect(noToken.status).toBe(401)
    expect(noToken.json).toEqual({ message: 'Unauthenticated.' })
    expect((await call('/ticket', { token: 'nope' })).status).toBe(401)
    const browser = await call('/ticket', { token: null, accept: 'text/html' })
    expect(browser.status).toBe(302)
    expect(browser.headers.get('location')).toBe('/login')
  })

  it('answers 404 for unknown records and routes, 405 with Allow for a wrong method', async () => {
    const missing = await call('/ticket/424242')
    expect(missing.status).toBe(404)
    expect(missing.json.message).toMatch(/No query results/)
    expect((await call('/ticket/abc')).status).toBe(404)
    expect((await call('/nothing')).status).toBe(404)
    const wrong = await call('/employee', { method: 'POST', body: {} })
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('GET, HEAD')
  })

  it('trims input, turns empty strings into null, and ignores unknown fields', async () => {
    const created = await call('/ticket', {
      method: 'POST',
      body: { subject: '  配送延遲  ', content: ' 內容 ', status_memo: '', termination_code: 5 },
    })
    expect(created.status).toBe(201)
    const data = created.json.data as Record<string, unknown>
    expect(data).toMatchObject({ subject: '配送延遲', content: '內容', status_memo: null })
    expect(data.termination_code_id).toBeNull()
  })

  it('keeps embedded objects in step with ids and moves updated_at on every change', async () => {
    await sandbox.control.setClock('2025-03-01 10:00:00')
    try {
      const made = await call('/ticket', { method: 'POST', body: { subject: 's', content: 'c' } })
      const id = (made.json.data as { id: number }).id
      const first = await call(`/ticket/${id}`, {
        method: 'PUT',
        body: { handler_id: 2, sub_category_id: 25, termination_code_id: 3 },
      })
      expect(first.json).toMatchObject({
        handler: { id: 2, name: 'eason d' },
        sub_category: { id: 25, name: '地區', category_id: 4 },
        category: { id: 4, name: '配送' },
        category_id: 4,
        termination_code: { id: 3, name: '討論中' },
        created_at: '2025-03-01 10:00:00',
      })
      // Same pinned second: updated_at still moves forward, one second at a time.
      const second = await call(`/ticket/${id}`, { method: 'PUT', body: { priority: 3 } })
      expect(first.json.updated_at).toBe('2025-03-01 10:00:01')
      expect(second.json.updated_at).toBe('2025-03-01 10:00:02')
      const listed = await sandbox.control.getTicket(id)
      expect(listed?.handler?.id).toBe(2)
      expect(listed?.creater?.id).toBe(7)
    } finally {
      await sandbox.control.setClock(null)
    }
  })

  it('never hands out a deleted id again', async () => {
    const a = await call('/ticket', { method: 'POST', body: { subject: 'a', content: 'a' } })
    const idA = (a.json.data as { id: number }).id
    expect((await call(`/ticket/${idA}`, { method: 'DELETE' })).status).toBe(204)
    const b = await call('/ticket', { method: 'POST', body: { subject: 'b', content: 'b' } })
    expect((b.json.data as { id: number }).id).toBe(idA + 1)
  })

  it('keeps its in-memory search index in step with creates and deletes', async () => {
    const subject = '獨一無二的測試主旨 XYZ'
    const made = await sandbox.control.createTicket({ subject, content: '內容' })
    const found = await call(`/ticket?search=${encodeURIComponent('xyz')}&statuses[]=0`)
    expect(ids(found)).toEqual([made.id])
    await sandbox.control.deleteTicket(made.id)
    expect(ids(await call(`/ticket?search=${encodeURIComponent('xyz')}`))).toEqual([])
  })
})

describe('control surface', () => {
  it('acts as another agent without faults, and counts API requests per route', async () => {
    const control = sandbox.control
    await control.resetStats()
    await control.setFaults({ errorRate: 1 })
    const made = await control.createTicket({ subject: '他人建立', content: 'x', creater_id: 6 })
    expect(made.creater?.name).toBe('Karick Tung')
    const changed = await control.updateTicket(made.id, { status: 1 })
    expect(changed.status).toBe(1)
    expect((await call(`/ticket/${made.id}`)).status).toBe(500)
    await control.clearFaults()
    expect((await call(`/ticket/${made.id}`)).json.status).toBe(1)
    await control.deleteTicket(made.id)
    expect(await control.getTicket(made.id)).toBeNull()
    const stats = await control.stats()
    expect(stats.requests['GET /ticket/{id}']).toBe(2)
    expect(stats.faults.status_500).toBe(1)
    expect((await control.health()).ok).toBe(true)
  })

  it('serves cut-off JSON and drops connections when told to', async () => {
    await sandbox.control.setFaults({ malformedRate: 1 })
    const res = await fetch(sandbox.apiBase + '/sponsor', {
      headers: { authorization: 'Bearer tok', accept: 'application/json' },
    })
    expect(res.status).toBe(200)
    await expect(res.clone().json()).rejects.toThrow()
    await sandbox.control.setFaults({ dropNext: { count: 1 } })
    await expect(
      fetch(sandbox.apiBase + '/sponsor', { headers: { authorization: 'Bearer tok' } }),
    ).rejects.toThrow()
    await sandbox.control.clearFaults()
  })
})

describe('persistence', () => {
  it('keeps its data in a --db file between runs, seeding only once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-db-'))
    try {
      const dbPath = join(dir, 'sandbox.db')
      const first = await startSandbox({ dbPath, tickets: 30, seed: 9 })
      const control = new SandboxControl(first.url)
      const made = await control.createTicket({ subject: '保留', content: '重開後仍在' })
      await control.deleteTicket(3)
      await first.close()
      const second = await startSandbox({ dbPath, tickets: 500, seed: 1 })
      const again = new SandboxControl(second.url)
      const list = await again.listTickets()
      expect(list.length).toBe(30 + 2 + 1 - 1)
      expect((await again.getTicket(made.id))?.subject).toBe('保留')
      expect(await again.getTicket(3)).toBeNull()
      // Search works from the stored text after a restart.
      const res = await fetch(`${second.apiBase}/ticket?search=${encodeURIComponent('重開後')}`)
      expect(((await res.json()) as { meta: { total: number } }).meta.total).toBe(1)
      await second.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
