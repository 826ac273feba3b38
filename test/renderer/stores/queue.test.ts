/* eslint-disable vue/one-component-per-file -- small test components */
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, onUpdated } from 'vue'
import { PAGE_SIZE, useQueueStore } from '../../../src/renderer/src/stores/queue'
import { useSettingsStore } from '../../../src/renderer/src/stores/settings'
import { WARM_MS } from '../../../src/renderer/src/stores/queue-ahead'
import { BUILTIN_VIEWS } from '../../../src/shared/domain/builtin-views'
import type { BuiltinView, TicketQuery } from '../../../src/shared/domain/queue'
import { queueRow, SETTINGS } from '../fixtures'
import { fakeApi, mountWithApp, settle, type FakeApi } from '../harness'

const api = () =>
  fakeApi({
    'tickets:query': (q) => ({
      rows: [queueRow(q.view === 'all' ? 2 : 1, { subject: `${q.view} 的工單` })],
      total: q.view === 'all' ? 20 : 10,
      offset: q.offset,
    }),
  })

/** A store on `fake` that has shown `view`; `asked` lists its questions to the host so far. */
async function queueShowing(fake: FakeApi, view: BuiltinView = 'mine') {
  const { wrapper } = await mountWithApp(defineComponent({ render: () => null }), { api: fake })
  const queue = useQueueStore()
  await queue.setView(view)
  const asked = () =>
    fake.calls.filter((c) => c.channel === 'tickets:query').map((c) => c.input as TicketQuery)
  return { queue, wrapper, asked, count: () => asked().length }
}

/**
 * A store on a fake API whose answers to questions `held` picks wait for `release()`; the others
 * answer at once with the row `rowOf` names. The store has shown "mine" already.
 */
async function heldQueue(
  held: (q: TicketQuery) => boolean,
  rowOf: (q: TicketQuery) => number = () => 1,
  total = 1,
) {
  let release: () => void = () => undefined
  const gate = new Promise<void>((resolve) => (release = resolve))
  const fake = fakeApi({
    'tickets:query': async (q) => {
      if (held(q)) await gate
      return { rows: [queueRow(rowOf(q))], total, offset: q.offset }
    },
  })
  const { queue, wrapper, count } = await queueShowing(fake)
  return { queue, wrapper, release, asked: count }
}

describe('queue store', () => {
  it('swaps to a new page in one patch: rows, total and "answered" together', async () => {
    const fake = api()
    const patches: string[] = []
    // What the grid shows: the first row, the total and the answered mark the bench waits for.
    const Grid = defineComponent({
      setup() {
        const queue = useQueueStore()
        onUpdated(() => patches.push(`${queue.rowAt(0)?.subject}|${queue.total}|${queue.answered}`))
        return () =>
          h('div', [queue.rowAt(0)?.subject, String(queue.total), String(queue.answered)])
      },
    })
    const { wrapper } = await mountWithApp(Grid, { api: fake })
    const queue = useQueueStore()
    await queue.setView('mine')
    await settle()
    patches.length = 0
    await queue.setView('all')
    await settle()
    // One patch, and it already holds the new rows with the new answered mark.
    expect(patches).toEqual([`all 的工單|20|${queue.answered}`])
    wrapper.unmount()
  })

  it('asks a view chosen while the queue shows once, and not again for the route', async () => {
    const fake = api()
    const { queue, wrapper, count: asked } = await queueShowing(fake)
    const before = asked()
    queue.startView('all')
    queue.startView('all')
    expect(asked()).toBe(before + 1)
    // Nothing on screen changes before the route does: the old view and rows stay as they were.
    expect(queue.view).toBe('mine')
    expect(queue.loading).toBe(false)
    expect(queue.rowAt(0)?.subject).toBe('mine 的工單')
    // The queue screen's route change then takes the answer asked ahead.
    await queue.setView('all')
    expect(asked()).toBe(before + 1)
    expect(queue.rowAt(0)?.subject).toBe('all 的工單')
    expect(queue.total).toBe(20)
    wrapper.unmount()
  })

  it('lets the route wait for a view asked ahead: settled once its first page is in', async () => {
    const { queue, wrapper, release, asked } = await heldQueue(
      (q) => q.view === 'all',
      (q) => (q.view === 'all' ? 2 : 1),
    )
    let settled = false
    void queue.startView('all').then(() => (settled = true))
    // Asking again while it travels waits for the same answer.
    let again = false
    void queue.startView('all').then(() => (again = true))
    await settle()
    expect(settled).toBe(false)
    expect(again).toBe(false)
    release()
    await settle()
    expect(settled).toBe(true)
    expect(again).toBe(true)
    expect(asked()).toBe(2)
    // The view already shown: nothing to wait for.
    await expect(queue.startView('mine')).resolves.toBeUndefined()
    wrapper.unmount()
  })

  it('shows new filters with their first page: until it is in, the screen stays as it was', async () => {
    const { queue, wrapper, release, asked } = await heldQueue(
      (q) => q.filters?.statuses?.[0] === 1,
      (q) => (q.filters?.statuses?.[0] === 1 ? 7 : 1),
    )
    const answered = queue.answered
    const before = asked()
    const change = queue.setFilters({ statuses: [1] })
    await settle()
    expect(queue.filters).toEqual({})
    expect(queue.rowAt(0)?.id).toBe(1)
    expect(queue.loading).toBe(false)
    release()
    await change
    expect(queue.filters).toEqual({ statuses: [1] })
    expect(queue.rowAt(0)?.id).toBe(7)
    expect(queue.answered).toBe(answered + 1)
    // Asked once: the screen took the answer asked ahead.
    expect(asked()).toBe(before + 1)
    wrapper.unmount()
  })

  it('keeps both quick picks made before the first one shows', async () => {
    const { queue, wrapper, release } = await heldQueue((q) => q.filters?.statuses?.length === 1)
    // The select still shows nothing picked when the second pick comes.
    const first = queue.changePicks('statuses', [], [1])
    await settle()
    const second = queue.changePicks('statuses', [], [2])
    await second
    release()
    await first
    expect(queue.filters).toEqual({ statuses: [1, 2] })
    // Taking a pick away works the same way.
    await queue.changePicks('statuses', [1, 2], [2])
    expect(queue.filters).toEqual({ statuses: [2] })
    wrapper.unmount()
  })

  it('asks again when another question came between asking ahead and the route', async () => {
    const fake = api()
    const { queue, wrapper, count: asked } = await queueShowing(fake)
    queue.startView('all')
    const before = asked()
    // Another question first (a filter): what was asked ahead is no longer taken.
    await queue.setFilters({ statuses: [1] })
    await queue.setFilters({})
    await queue.setView('all')
    expect(asked()).toBe(before + 3)
    wrapper.unmount()
  })

  it('asks the other views ahead when idle: a side bar click then waits for no answer', async () => {
    const fake = api()
    const { queue, wrapper, asked } = await queueShowing(fake)
    const before = asked().length
    // Nothing once the screen that wanted them is gone.
    await queue.warmViews(() => false)
    expect(asked()).toHaveLength(before)
    await queue.warmViews()
    // Every built-in view but the one shown, once.
    const warmed = asked()
      .slice(before)
      .map((q) => q.view)
    expect(warmed.sort()).toEqual(BUILTIN_VIEWS.filter((v) => v !== 'mine').sort())
    await queue.warmViews()
    expect(asked()).toHaveLength(before + warmed.length)
    // The route and the screen take the page asked ahead: no call to the host.
    await queue.startView('all')
    await queue.setView('all')
    expect(asked()).toHaveLength(before + warmed.length)
    expect(queue.rowAt(0)?.subject).toBe('all 的工單')
    expect(queue.total).toBe(20)
    // The next idle moment asks the view just left, and only that one.
    await queue.warmViews()
    expect(
      asked()
        .slice(before + warmed.length)
        .map((q) => q.view),
    ).toEqual(['mine'])
    wrapper.unmount()
  })

  it('asks a view again once the cache changed, who the agent is changed, or the page grew old', async () => {
    const fake = api()
    const { queue, wrapper, count: asked } = await queueShowing(fake)
    /** Calls to the host for a click on "all" and the way back to "mine". */
    const clickAll = async (): Promise<number> => {
      const before = asked()
      await queue.startView('all')
      await queue.setView('all')
      await queue.setView('mine')
      return asked() - before
    }
    await queue.warmViews()
    expect(await clickAll()).toBe(1)

    await queue.warmViews()
    fake.emit('tickets:changed', { reason: 'sync', ids: [2] })
    // The page asked before the change is not shown: the click asks again.
    expect(await clickAll()).toBe(2)

    await queue.warmViews()
    useSettingsStore().$patch({
      settings: { ...SETTINGS, me: { id: 99, name: '王佩珊', employeeNo: 'E099' } },
    })
    await settle()
    expect(await clickAll()).toBe(2)

    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      await queue.warmViews()
      vi.setSystemTime(Date.now() + WARM_MS)
      expect(await clickAll()).toBe(2)
    } finally {
      vi.useRealTimers()
    }
    wrapper.unmount()
  })

  it('holds nothing asked ahead that failed: a click asks the host again', async () => {
    let failing = true
    const fake = fakeApi({
      'tickets:query': (q) => {
        if (failing && q.view !== 'mine') throw new Error('host busy')
        return { rows: [queueRow(1)], total: 1, offset: q.offset }
      },
    })
    const { queue, wrapper, count: asked } = await queueShowing(fake)
    const before = asked()
    await queue.warmViews()
    // The first failure stops the asking.
    expect(asked()).toBe(before + 1)
    failing = false
    await queue.startView('all')
    await queue.setView('all')
    expect(asked()).toBe(before + 2)
    expect(queue.error).toBeNull()
    expect(queue.rowAt(0)?.id).toBe(1)
    wrapper.unmount()
  })

  it('asks no other view while a page of the rows in view is on its way', async () => {
    const { queue, wrapper, release, asked } = await heldQueue(
      (q) => (q.offset ?? 0) > 0,
      (q) => (q.offset ?? 0) + 1,
      3 * PAGE_SIZE,
    )
    // The grid scrolled to the next page, whose answer is still on its way.
    queue.ensureRange(PAGE_SIZE, PAGE_SIZE + 10)
    await settle()
    const before = asked()
    await queue.warmViews()
    expect(asked()).toBe(before)
    release()
    await settle()
    await queue.warmViews()
    expect(asked()).toBe(before + BUILTIN_VIEWS.length - 1)
    wrapper.unmount()
  })

  it("asks an open quick filter's choices when idle: the next pick there waits for no answer", async () => {
    const fake = api()
    const { queue, wrapper, asked } = await queueShowing(fake, 'all')
    await queue.setFilters({ statuses: [1] })
    const before = asked().length
    // The other views asked first, then the list opens: its choices replace what is not asked yet.
    void queue.warmViews()
    await queue.warmPicks('statuses', [0, 1, 2])
    const warmed = asked().slice(before)
    expect(warmed.filter((q) => q.view !== 'all')).toHaveLength(1)
    expect(warmed.filter((q) => q.view === 'all').map((q) => q.filters)).toEqual([
      { statuses: [1, 0] },
      {},
      { statuses: [1, 2] },
    ])
    // Picking 2 beside 1, as the list does, takes the page asked ahead.
    await queue.changePicks('statuses', [1], [1, 2])
    expect(asked()).toHaveLength(before + warmed.length)
    expect(queue.filters).toEqual({ statuses: [1, 2] })
    wrapper.unmount()
  })
})
