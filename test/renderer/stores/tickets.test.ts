import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import { useTicketsStore } from '../../../src/renderer/src/stores/tickets'
import { EARLY_READ_MS } from '../../../src/renderer/src/utils/early-answer'
import { ticket } from '../fixtures'
import { fakeApi, mountWithApp } from '../harness'

describe('tickets store: the read asked as the route to a ticket starts', () => {
  afterEach(() => vi.useRealTimers())

  async function setup() {
    let subject = '第一次讀'
    const api = fakeApi({
      'tickets:get': ({ id }) => ({ ticket: ticket({ id, subject }), syncedAt: null }),
    })
    const { wrapper } = await mountWithApp(defineComponent({ render: () => null }), { api })
    const tickets = useTicketsStore()
    tickets.onChanged(() => undefined)
    const reads = () => api.calls.filter((c) => c.channel === 'tickets:get').length
    return { api, wrapper, tickets, reads, change: (s: string) => (subject = s) }
  }

  it("is the screen's first read of that ticket: asked once", async () => {
    const { tickets, reads, wrapper } = await setup()
    tickets.prefetch(42)
    expect((await tickets.get(42)).ticket.id).toBe(42)
    expect(reads()).toBe(1)
    // Taken once: the next read asks again.
    await tickets.get(42)
    expect(reads()).toBe(2)
    wrapper.unmount()
  })

  it('is not used for another ticket, after the cache changed, or when nobody took it in time', async () => {
    const { api, tickets, reads, change, wrapper } = await setup()
    tickets.prefetch(42)
    expect((await tickets.get(43)).ticket.id).toBe(43)
    expect(reads()).toBe(2)

    tickets.prefetch(42)
    change('伺服器改過')
    api.emit('tickets:changed', { reason: 'sync' })
    expect((await tickets.get(42)).ticket.subject).toBe('伺服器改過')

    vi.useFakeTimers({ toFake: ['Date'] })
    tickets.prefetch(42)
    change('稍後再讀')
    vi.setSystemTime(Date.now() + EARLY_READ_MS + 1)
    expect((await tickets.get(42)).ticket.subject).toBe('稍後再讀')
    wrapper.unmount()
  })
})
