import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { OFFSET_KEY, useServerNowStore } from '../../src/renderer/src/stores/server-now'
import { serverNow } from '../../src/shared/domain/server-time'
import { fakeApi, mountWithApp, until } from './harness'

const Clock = defineComponent({
  setup: () => {
    const clock = useServerNowStore()
    return () => h('span', { class: 'now' }, clock.now)
  },
})

/** Hours between two wall-clock strings, rounded; never -0, which `toBe(0)` refuses when the
 * first string was read a moment before the second. */
const hoursApart = (a: string, b: string): number =>
  Math.round((Date.parse(a.replace(' ', 'T')) - Date.parse(b.replace(' ', 'T'))) / 3.6e6) + 0

afterEach(() => window.localStorage.clear())

describe("the server's clock at start", () => {
  it('keeps the zone offset a first start found, for the next start', async () => {
    const { wrapper } = await mountWithApp(Clock, { api: fakeApi({}) })
    expect(hoursApart(wrapper.find('.now').text(), serverNow('Asia/Taipei'))).toBe(0)
    expect(JSON.parse(window.localStorage.getItem(OFFSET_KEY) ?? 'null')).toEqual({
      zone: 'Asia/Taipei',
      minutes: 480,
    })
    wrapper.unmount()
  })

  it('draws the first frame from the kept offset, then corrects it to the exact time', async () => {
    // An offset an hour off, as one kept just before a daylight-saving change would be.
    window.localStorage.setItem(OFFSET_KEY, JSON.stringify({ zone: 'Asia/Taipei', minutes: 540 }))
    const { wrapper } = await mountWithApp(Clock, { api: fakeApi({}) })
    const first = useServerNowStore().now
    expect(hoursApart(first, serverNow('Asia/Taipei'))).toBe(1)
    await until(() =>
      expect(hoursApart(wrapper.find('.now').text(), serverNow('Asia/Taipei'))).toBe(0),
    )
    expect(JSON.parse(window.localStorage.getItem(OFFSET_KEY) ?? 'null')).toMatchObject({
      minutes: 480,
    })
    wrapper.unmount()
  })

  it('shows an instant from the kept offset until the zone is loaded, then exactly', async () => {
    // An offset an hour off, so the two ways of telling the time differ.
    window.localStorage.setItem(OFFSET_KEY, JSON.stringify({ zone: 'Asia/Taipei', minutes: 540 }))
    const { wrapper } = await mountWithApp(Clock, { api: fakeApi({}) })
    const clock = useServerNowStore()
    const lastSync = '2026-12-01T02:03:04Z'
    expect(clock.dateTimeOf(lastSync)).toBe('2026-12-01 11:03')
    await until(() => expect(clock.dateTimeOf(lastSync)).toBe('2026-12-01 10:03'))
    for (const none of [null, undefined, '', 'not a time']) expect(clock.dateTimeOf(none)).toBe('')
    wrapper.unmount()
  })

  it('writes the kept offset again only when it changed, not on every tick', async () => {
    // A mark the store never writes: still there after the ticks, nothing was written over it.
    const kept = JSON.stringify({
      zone: 'Asia/Taipei',
      minutes: 480,
      mark: 'kept at the last start',
    })
    window.localStorage.setItem(OFFSET_KEY, kept)
    const { wrapper } = await mountWithApp(Clock, { api: fakeApi({}) })
    const clock = useServerNowStore()
    // A tick and the exact time after the first paint: the same offset each time.
    clock.reset()
    await until(() => expect(clock.now).toBe(serverNow('Asia/Taipei')))
    clock.reset()
    expect(window.localStorage.getItem(OFFSET_KEY)).toBe(kept)
    wrapper.unmount()
  })

  it.each([
    ['not JSON', '{'],
    ['another zone', JSON.stringify({ zone: 'UTC', minutes: 540 })],
    ['minutes as text', JSON.stringify({ zone: 'Asia/Taipei', minutes: '540' })],
    ['no zone is that far from UTC', JSON.stringify({ zone: 'Asia/Taipei', minutes: 5000 })],
  ])(
    'ignores a kept offset that is unsound (%s) and uses the exact time at once',
    async (_, kept) => {
      window.localStorage.setItem(OFFSET_KEY, kept)
      const { wrapper } = await mountWithApp(Clock, { api: fakeApi({}) })
      expect(hoursApart(useServerNowStore().now, serverNow('Asia/Taipei'))).toBe(0)
      wrapper.unmount()
    },
  )
})
