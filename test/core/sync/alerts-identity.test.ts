/**
 * Choosing or changing "who am I" through the real core, sandbox and SQLite file: the tickets
 * already overdue or assigned for the new identity are not raised all at once; the old
 * identity's alerts stop counting; what happens to the new identity afterwards is raised.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Alert } from '../../../src/shared/contract/contract'
import { addSeconds, serverNow } from '../../../src/shared/domain/server-time'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { startTestHost, type TestHost } from '../../helpers/web-host'
import { call } from '../../helpers/core'
import { waitFor } from '../../helpers/wait'

let sandbox: TestSandbox
let host: TestHost
const raised: Alert[] = []

const who = (id: number) => ({ me: { id, name: null, employeeNo: null } })

beforeAll(async () => {
  sandbox = await startTestSandbox({ tickets: 150, seed: 11 })
  // The real core (its own data folder, no timer-driven syncs), as the browser host runs it.
  host = await startTestHost({ apiUrl: sandbox.apiBase, autoSync: false })
  host.core.subscribe((name, payload) => {
    if (name === 'alerts:raised') raised.push(...(payload as { alerts: Alert[] }).alerts)
  })
})
afterAll(async () => {
  await host?.close()
  await sandbox?.close()
})

it('a new "who am I" raises nothing for what was already so, drops the old alerts, and raises what follows', async () => {
  const [first, second] = (await call(host.core, 'employees:search', { search: '', limit: 5 })).map(
    (e) => e.id,
  ) as [number, number]
  const now = serverNow('Asia/Taipei')
  await call(host.core, 'settings:update', who(first))
  await host.core.sync.runFull()
  const rows = (
    await call(host.core, 'tickets:query', { view: 'open', filters: {}, offset: 0, limit: 200 })
  ).rows
  const others = rows.filter((r) => r.handlerId !== first && r.handlerId !== second)
  // While `first` is chosen: four tickets go to `second`, three overdue and one due soon.
  const handedToSecond = others.slice(0, 4).map((r) => r.id)
  for (const [i, id] of handedToSecond.entries()) {
    await sandbox.control.updateTicket(id, {
      handler_id: second,
      due_at: addSeconds(now, i < 3 ? -3600 * (i + 1) : 10 * 60),
    })
  }
  // An alert for `first`, not opened.
  const forFirst = others[5]!.id
  await sandbox.control.updateTicket(forFirst, { handler_id: first })
  await host.core.sync.runMine()
  await host.core.sync.runFull()
  expect(raised.map((a) => [a.kind, a.ticketId])).toEqual([['assigned', forFirst]])
  expect((await call(host.core, 'alerts:list', {})).map((a) => a.ticketId)).toEqual([forFirst])

  // Times are whole seconds: the choice comes in a later second than those changes.
  await waitForNextSecond(serverNow('Asia/Taipei'))
  raised.length = 0
  await call(host.core, 'settings:update', who(second))
  expect(await call(host.core, 'alerts:list', {})).toEqual([])
  await host.core.sync.runMine()
  await host.core.sync.runFull()
  expect(raised).toEqual([])
  expect(await call(host.core, 'alerts:list', {})).toEqual([])

  // Something new for `second` after the choice is raised as usual.
  const later = others[6]!.id
  await sandbox.control.updateTicket(later, { handler_id: second })
  await host.core.sync.runMine()
  expect(raised.map((a) => [a.kind, a.ticketId])).toEqual([['assigned', later]])
  expect((await call(host.core, 'alerts:list', {})).map((a) => a.ticketId)).toEqual([later])
})

/** About time passing: the app tells "before the choice" from "after" by whole seconds. */
async function waitForNextSecond(since: string): Promise<void> {
  await waitFor(() => serverNow('Asia/Taipei') > since, `a server second after ${since}`, {
    timeoutMs: 5_000,
    intervalMs: 50,
  })
}
