import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import {
  useLatestSearch,
  type LatestSearch,
} from '../../../src/renderer/src/composables/use-latest-search'

/** A search whose answers the test releases one by one, in any order. */
function controlled() {
  const asked: string[] = []
  const waiting = new Map<string, (rows: string[]) => void>()
  const run = (text: string): Promise<string[]> => {
    asked.push(text)
    return new Promise((resolve) => waiting.set(text, resolve))
  }
  return { asked, run, answer: (text: string) => waiting.get(text)?.([`answer to ${text}`]) }
}

function host(run: (text: string) => Promise<string[]>) {
  let search!: LatestSearch<string[]>
  const wrapper = mount(
    defineComponent({
      setup() {
        search = useLatestSearch(run, { delayMs: 150, empty: () => [], skip: (t) => t === '' })
        return () =>
          h(
            'ul',
            search.results.value.map((r) => h('li', r)),
          )
      },
    }),
  )
  return { wrapper, search: () => search }
}

describe('useLatestSearch', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('asks once the typing pauses, and only for the last text', async () => {
    const api = controlled()
    const { search } = host(api.run)
    search().schedule('王')
    await vi.advanceTimersByTimeAsync(100)
    search().schedule('王佩')
    await vi.advanceTimersByTimeAsync(100)
    search().schedule('王佩珊')
    expect(api.asked).toEqual([])
    await vi.advanceTimersByTimeAsync(150)
    expect(api.asked).toEqual(['王佩珊'])
  })

  it('keeps the latest answer when an earlier one arrives after it', async () => {
    const api = controlled()
    const { wrapper, search } = host(api.run)
    void search().now('王')
    void search().now('林')
    api.answer('林')
    await vi.runAllTimersAsync()
    api.answer('王')
    await vi.runAllTimersAsync()
    expect(wrapper.text()).toBe('answer to 林')
    expect(search().answered.value).toBe('林')
    expect(search().loading.value).toBe(false)
  })

  it('an empty text clears the list at once without asking', async () => {
    const api = controlled()
    const { wrapper, search } = host(api.run)
    void search().now('林')
    api.answer('林')
    await vi.runAllTimersAsync()
    search().schedule('')
    await vi.runAllTimersAsync()
    expect(wrapper.text()).toBe('')
    expect(api.asked).toEqual(['林'])
  })

  it('a component that goes away leaves no search behind', async () => {
    const api = controlled()
    const { wrapper, search } = host(api.run)
    search().schedule('王')
    wrapper.unmount()
    await vi.advanceTimersByTimeAsync(1000)
    expect(api.asked).toEqual([])
    expect(vi.getTimerCount()).toBe(0)
  })
})
