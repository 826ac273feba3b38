// The contract as the screens use it, through the real core, sandbox and SQLite file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type Core } from '../../../src/main/core/core'
import type {
  Channel,
  Envelope,
  EventName,
  InputOf,
  OutputOf,
} from '../../../src/shared/contract/contract'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { call as coreCall, startTestCore } from '../../helpers/core'

type Call = <C extends Channel>(channel: C, input: InputOf<C>) => Promise<OutputOf<C>>

function caller(core: Core): {
  call: Call
  fail: (c: Channel, i: unknown) => Promise<Envelope<unknown> & { ok: false }>
} {
  return {
    call: (channel, input) => coreCall(core, channel, input),
    fail: async (channel, input) => {
      const result = await core.call(channel, input)
      if (result.ok) throw new Error(`${channel} unexpectedly succeeded`)
      return result
    },
  }
}

async function newCore(dataDir?: string): Promise<Core> {
  return startTestCore({ dataDir })
}

/** What a form keeps while the agent types about ticket 3's caller. */
const draftOf3 = {
  key: 'ticket:3',
  values: { content: '來電者說他的地址改了' },
  baseUpdatedAt: '2030-01-01 08:00:00',
  baseValues: { content: '原本的內容' },
}

describe('connecting', () => {
  let sandbox: TestSandbox
  let tokenSandbox: TestSandbox
  let htmlServer: Server
  let htmlUrl: string
  let core: Core

  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 40, seed: 3 })
    tokenSandbox = await startTestSandbox({ tickets: 5, seed: 3, token: 'right-token' })
    htmlServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome</body></html>')
    })
    await new Promise<void>((r) => htmlServer.listen(0, '127.0.0.1', r))
    htmlUrl = `http://127.0.0.1:${(htmlServer.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await sandbox?.close()
    await tokenSandbox?.close()
    htmlServer?.close()
  })
  afterEach(async () => core?.close())

  it('test connection reports what the API holds', async () => {
    core = await newCore()
    const { call } = caller(core)
    const result = await call('connection:test', { apiUrl: sandbox.url })
    expect(result.tickets).toBe((await sandbox.control.health()).tickets)
    expect(result.employees).toBeGreaterThan(0)
  })

  it('test connection says exactly what went wrong', async () => {
    core = await newCore()
    const { fail } = caller(core)
    const closed = createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`
    await new Promise<void>((r) => closed.close(() => r()))

    expect((await fail('connection:test', { apiUrl: deadUrl })).error.code).toBe('offline')
    expect(
      (await fail('connection:test', { apiUrl: tokenSandbox.url, token: 'wrong' })).error.code,
    ).toBe('unauthorized')
    expect((await fail('connection:test', { apiUrl: tokenSandbox.url })).error.code).toBe(
      'unauthorized',
    )
    expect((await fail('connection:test', { apiUrl: htmlUrl })).error.code).toBe('not_this_api')
    expect((await fail('connection:test', { apiUrl: 'ftp://example' })).error.code).toBe(
      'invalid_input',
    )
  })

  it('a token makes a protected API answer, and is never reported back', async () => {
    core = await newCore()
    const { call } = caller(core)
    await call('connection:test', { apiUrl: tokenSandbox.url, token: 'right-token' })
    const settings = await call('connection:connect', {
      apiUrl: tokenSandbox.url,
      token: 'right-token',
    })
    expect(settings).toMatchObject({ apiUrl: tokenSandbox.url, hasToken: true })
    expect(JSON.stringify(settings)).not.toContain('right-token')
    const summary = await core.sync.runFull()
    expect(summary.complete).toBe(true)
  })

  it('connecting to another server starts from an empty cache, forgets who I am and its drafts', async () => {
    core = await newCore()
    const { call } = caller(core)
    await call('connection:connect', { apiUrl: sandbox.url })
    await core.sync.runFull()
    await call('settings:update', { me: { id: 7, name: 'Tommy Hsu', employeeNo: 'tommy' } })
    const total = (await sandbox.control.health()).tickets
    expect((await call('tickets:counts', {})).all).toBe(total)
    // A form's draft of ticket 3: on another server, ticket 3 is another ticket.
    await call('drafts:save', draftOf3)

    await call('connection:connect', { apiUrl: sandbox.apiBase + '/' }) // same server, other spelling
    expect((await call('tickets:counts', {})).all).toBe(total)
    expect((await call('settings:get', {})).me?.id).toBe(7)
    expect((await call('drafts:get', { key: 'ticket:3' }))?.values).toEqual(draftOf3.values)

    await call('connection:connect', { apiUrl: tokenSandbox.url, token: 'right-token' })
    expect((await call('tickets:counts', {})).all).toBe(0)
    expect((await call('settings:get', {})).me).toBeNull()
    expect(await call('drafts:get', { key: 'ticket:3' })).toBeNull()
  })

  it("sign out clears the cache, the address, the token, who I am and the forms' drafts", async () => {
    core = await newCore()
    const { call } = caller(core)
    await call('connection:connect', { apiUrl: tokenSandbox.url, token: 'right-token' })
    await core.sync.runFull()
    await call('drafts:save', draftOf3)
    expect((await call('tickets:counts', {})).all).toBe(
      (await tokenSandbox.control.health()).tickets,
    )
    const after = await call('connection:signOut', {})
    expect(after).toMatchObject({ apiUrl: null, hasToken: false, me: null })
    expect((await call('tickets:counts', {})).all).toBe(0)
    // The next agent on this PC is not offered what the last one typed about a caller.
    expect(await call('drafts:get', { key: 'ticket:3' })).toBeNull()
    expect((await call('sync:status', {})).state).toBe('not_configured')
  })

  it('searches employees on the server, and in the cache when the server is gone', async () => {
    const local = await startTestSandbox({ tickets: 10, seed: 4 })
    core = await newCore()
    const { call } = caller(core)
    await call('connection:connect', { apiUrl: local.url })
    await core.sync.runFull()
    const online = await call('employees:search', { search: 'tommy', limit: 5 })
    expect(online.map((e) => e.employeeNo)).toContain('tommy')
    await local.close()
    const offline = await call('employees:search', { search: 'Tommy', limit: 5 })
    expect(offline.map((e) => e.employeeNo)).toContain('tommy')
  })
})

describe('tickets through the core', () => {
  let sandbox: TestSandbox
  let core: Core
  const events: Array<{ name: EventName; payload: unknown }> = []

  beforeAll(async () => {
    sandbox = await startTestSandbox({ tickets: 60, seed: 5 })
    core = await newCore()
    core.subscribe((name, payload) => events.push({ name, payload }))
    await caller(core).call('connection:connect', { apiUrl: sandbox.url })
    await core.sync.runFull()
  })
  afterAll(async () => {
    await core?.close()
    await sandbox?.close()
  })

  it('saves only the changed fields and shows the server version at once, keeping the call history', async () => {
    const { call } = caller(core)
    // A ticket with calls: the view endpoint the save answers with omits them, so keeping the
    // call history is only tested when there is one (the seed's first ticket may have none).
    let withCalls: number | undefined
    for (const { id } of await sandbox.control.listTickets()) {
      if ((await sandbox.control.getTicket(id))?.interact_collections?.length) {
        withCalls = id
        break
      }
    }
    if (withCalls === undefined) throw new Error('the seed has no ticket with calls')
    const before = (await call('tickets:get', { id: withCalls })).ticket
    expect(before.interact_collections?.length).toBeGreaterThan(0)
    events.length = 0
    const result = await call('tickets:update', {
      id: withCalls,
      changes: { status: 1, termination_code_id: 3, handler_id: 7 },
    })
    expect(result.state).toBe('applied')
    const saved = result.state === 'applied' ? result.ticket : null
    expect(saved).toMatchObject({ status: 1, termination_code_id: 3, handler_id: 7 })
    expect(saved?.handler?.id).toBe(7)
    expect(saved?.termination_code?.id).toBe(3)

    const server = await sandbox.control.getTicket(withCalls)
    expect(server).toMatchObject({
      status: 1,
      termination_code_id: 3,
      handler_id: 7,
      subject: before.subject,
    })

    const cached = (await call('tickets:get', { id: withCalls })).ticket
    expect(cached.updated_at).toBe(server?.updated_at)
    expect(cached.interact_collections).toEqual(before.interact_collections)
    expect(events.some((e) => e.name === 'tickets:changed')).toBe(true)
    const row = (
      await call('tickets:query', { view: 'all', filters: { handlerIds: [7] }, limit: 500 })
    ).rows.find((r) => r.id === withCalls)
    expect(row).toMatchObject({ status: 1, handlerId: 7 })
  })

  it('sends only its own field when someone else changed another one meanwhile', async () => {
    const { call } = caller(core)
    const id = (await sandbox.control.listTickets())[3]?.id as number
    await call('tickets:get', { id })
    await sandbox.control.updateTicket(id, { subject: '另一位客服改了標題' })
    const result = await call('tickets:update', { id, changes: { priority: 3 } })
    expect(result.state).toBe('applied')
    expect(await sandbox.control.getTicket(id)).toMatchObject({
      subject: '另一位客服改了標題',
      priority: 3,
    })
    expect((await call('tickets:get', { id })).ticket.subject).toBe('另一位客服改了標題')
  })

  it('keeps the edit waiting with both values when someone else changed the same field', async () => {
    const { call } = caller(core)
    const id = (await sandbox.control.listTickets())[5]?.id as number
    const before = (await call('tickets:get', { id })).ticket
    await sandbox.control.updateTicket(id, { status_memo: '他們的備註' })
    const result = await call('tickets:update', { id, changes: { status_memo: '我的備註' } })
    expect(result.state).toBe('conflict')
    if (result.state !== 'conflict') return
    expect(result.entry.conflict).toEqual({
      status_memo: { base: before.status_memo ?? null, mine: '我的備註', theirs: '他們的備註' },
    })
    expect((await sandbox.control.getTicket(id))?.status_memo).toBe('他們的備註')
    // The detail shows the agent's text, marked, until they choose.
    const shown = await call('tickets:get', { id })
    expect(shown.ticket.status_memo).toBe('我的備註')
    expect(shown.pending?.state).toBe('conflict')
    const resolved = await call('outbox:resolve', {
      id: result.outboxId,
      choices: { status_memo: 'mine' },
    })
    expect(resolved.state).toBe('applied')
    expect((await sandbox.control.getTicket(id))?.status_memo).toBe('我的備註')
    expect((await call('tickets:get', { id })).pending ?? null).toBeNull()
  })

  it('shows the server field messages for invalid input, the edit waiting as rejected', async () => {
    const { call } = caller(core)
    const id = (await sandbox.control.listTickets())[4]?.id as number
    await call('tickets:get', { id })
    const result = await call('tickets:update', { id, changes: { sub_category_id: 999_999 } })
    expect(result.state).toBe('rejected')
    if (result.state !== 'rejected') return
    expect(result.entry.lastError?.code).toBe('validation')
    expect(Object.keys(result.entry.lastError?.fields ?? {})).toContain('sub_category_id')
    expect((await call('outbox:discard', { id: result.outboxId })).removed).toBe(true)
  })

  it('creates a ticket that the queue shows at once, and deletes it', async () => {
    const { call } = caller(core)
    const result = await call('tickets:create', {
      subject: '客戶要求退款（測試）',
      content: '第一行\n第二行',
      priority: 2,
      sub_category_id: 23,
    })
    const created = result.state === 'applied' ? result.ticket : null
    if (!created) throw new Error(`create: ${result.state}`)
    expect(created.id).toBeGreaterThan(0)
    const found = await call('tickets:query', {
      view: 'all',
      filters: { search: '要求退款（測試）' },
    })
    expect(found.rows.map((r) => r.id)).toEqual([created.id])
    expect(found.rows[0]?.categoryName).toBe('理賠相關')

    // A draft of its form (a crash mid-edit) goes with the ticket.
    await call('drafts:save', { ...draftOf3, key: `ticket:${created.id}` })
    expect((await call('tickets:delete', { id: created.id })).state).toBe('applied')
    expect(await sandbox.control.getTicket(created.id)).toBeNull()
    expect(await call('drafts:get', { key: `ticket:${created.id}` })).toBeNull()
    expect(
      (await call('tickets:query', { view: 'all', filters: { search: '要求退款（測試）' } })).total,
    ).toBe(0)
  })

  it('keeps every read working from the cache when the server is gone; writes wait', async () => {
    const { call, fail } = caller(core)
    const countsBefore = await call('tickets:counts', {})
    await sandbox.close()
    expect(await call('tickets:counts', {})).toEqual(countsBefore)
    const page = await call('tickets:query', { view: 'all', limit: 5 })
    expect(page.rows).toHaveLength(5)
    expect((await call('tickets:get', { id: page.rows[0]!.id })).ticket.id).toBe(page.rows[0]!.id)
    expect((await call('lookups:get', {})).categories.length).toBeGreaterThan(0)

    const id = page.rows[0]!.id
    const subject = (await call('tickets:get', { id })).ticket.subject
    const queued = await call('tickets:update', {
      id,
      changes: { priority: 1, subject: '離線改的' },
    })
    expect(queued.state).toBe('queued')
    const waiting = await call('outbox:list', {})
    expect(waiting).toHaveLength(1)
    // Named by its subject as the server has it, for the agent to know which ticket it is.
    expect(waiting[0]).toMatchObject({ kind: 'update', ticketId: id, state: 'pending', subject })
    expect(waiting[0]?.lastError?.code).toBe('offline')
    // The edit shows over the cached copy, marked, in the detail and the queue.
    const shown = await call('tickets:get', { id })
    expect(shown.ticket).toMatchObject({ priority: 1, subject: '離線改的' })
    expect(shown.pending).toEqual({ state: 'pending', deleting: false })
    const row = (await call('tickets:query', { view: 'all', limit: 50 })).rows.find(
      (r) => r.id === id,
    )
    expect(row).toMatchObject({ priority: 1, subject: '離線改的', pending: 'pending' })
    expect(row?.deleting).toBeUndefined()
    // A delete waiting offline marks the row, which stays listed until the server has it.
    const other = page.rows[1]!.id
    expect((await call('tickets:delete', { id: other })).state).toBe('queued')
    const doomed = (await call('tickets:query', { view: 'all', limit: 50 })).rows.find(
      (r) => r.id === other,
    )
    expect(doomed).toMatchObject({ pending: 'pending', deleting: true })
    expect((await call('tickets:get', { id: other })).pending).toEqual({
      state: 'pending',
      deleting: true,
    })
    // Signing out is refused while it waits.
    expect((await fail('connection:signOut', {})).error.code).toBe('edits_waiting')
    await core.sync.runFull().catch(() => undefined)
    expect((await call('sync:status', {})).state).toBe('offline')
  })
})

describe('a damaged cache', () => {
  it('is set aside at start, the agent is told, and the app works', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ac-core-damaged-'))
    writeFileSync(join(dataDir, 'cache.sqlite'), 'this is not a database, it is a shopping list')
    const core = await newCore(dataDir)
    try {
      const result = await core.invoke('tickets:counts', {})
      expect(result).toMatchObject({ ok: true, value: { all: 0 } })
      const notices = await core.invoke('app:notices', {})
      expect(notices).toMatchObject({ ok: true, value: [{ kind: 'cache_rebuilt' }] })
      if (notices.ok) {
        const [notice] = notices.value as Array<{ detail: string }>
        expect(readFileSync(notice!.detail, 'utf8')).toContain('shopping list')
      }
      // Told once.
      expect(await core.invoke('app:notices', {})).toEqual({ ok: true, value: [] })
    } finally {
      await core.close()
    }
  })
})
