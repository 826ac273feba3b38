import { describe, expect, it } from 'vitest'
import PresenceMarker from '../../src/renderer/src/components/presence-marker.vue'
import { useHubStore } from '../../src/renderer/src/stores/hub'
import type { Colleagues } from '../../src/shared/contract/hub-contract'
import { fakeApi, mountWithApp, settle } from './harness'

const WANG = { employeeId: 7, name: '王佩珊' }
const LIN = { employeeId: 8, name: '林志明' }

describe('the queue row presence marker', () => {
  it('shows who has the ticket open, rings editing, follows the picture and names in both languages', async () => {
    const api = fakeApi({
      'hub:colleagues': () => ({ desktops: [{ ...WANG, ticketId: 12, editing: false }] }),
    })
    const { wrapper, pinia } = await mountWithApp(PresenceMarker, { api, props: { ticketId: 12 } })
    await useHubStore(pinia).start()
    await settle()
    const marker = () => wrapper.find('[data-testid=presence-marker-12]')
    expect(marker().exists()).toBe(true)
    expect(marker().attributes('aria-label')).toBe('王佩珊 正在檢視')
    expect(marker().attributes('data-editing')).toBe('false')

    // A second colleague starts editing it: the marker rings and names both.
    api.emit('hub:colleagues', {
      desktops: [
        { ...WANG, ticketId: 12, editing: false },
        { ...LIN, ticketId: 12, editing: true },
      ],
    })
    await settle()
    expect(marker().attributes('data-editing')).toBe('true')
    expect(marker().attributes('aria-label')).toBe('王佩珊、林志明 正在編輯')

    // Both moved on (or their presence expired): no marker.
    api.emit('hub:colleagues', { desktops: [{ ...WANG, ticketId: 13, editing: false }] })
    await settle()
    expect(marker().exists()).toBe(false)
    wrapper.unmount()

    const en = await mountWithApp(PresenceMarker, { api, props: { ticketId: 12 }, language: 'en' })
    await useHubStore(en.pinia).start()
    await settle()
    expect(en.wrapper.find('[data-testid=presence-marker-12]').attributes('title')).toBe(
      '王佩珊 viewing',
    )
    en.wrapper.unmount()
  })

  it("keeps a colleague who arrived while this desktop's own presence was on its way", async () => {
    // The answer to "I opened 12" was taken before Lin opened it; Lin's picture is pushed first.
    let answer: (value: Colleagues) => void = () => {}
    const api = fakeApi({
      'hub:colleagues': () => ({ desktops: [] }),
      'hub:presence': () => new Promise<Colleagues>((resolve) => (answer = resolve)),
    })
    const { wrapper, pinia } = await mountWithApp(PresenceMarker, { api, props: { ticketId: 12 } })
    const hub = useHubStore(pinia)
    await hub.start()
    const saying = hub.setPresence(12, false)
    api.emit('hub:colleagues', { desktops: [{ ...LIN, ticketId: 12, editing: false }] })
    answer({ desktops: [] })
    await saying
    await settle()
    expect(wrapper.find('[data-testid=presence-marker-12]').attributes('aria-label')).toBe(
      '林志明 正在檢視',
    )
    wrapper.unmount()
  })
})
