import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { useAfterPaint } from '../../../src/renderer/src/composables/use-after-paint'

/** Animation frames the test runs one at a time, as the browser would before each paint. */
let frames: FrameRequestCallback[] = []
function runFrame(): void {
  const now = frames
  frames = []
  for (const f of now) f(performance.now())
}

beforeEach(() => {
  frames = []
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f))
  vi.stubGlobal('cancelAnimationFrame', (n: number) => {
    if (n > 0) frames[n - 1] = () => undefined
  })
})
afterEach(() => vi.unstubAllGlobals())

/** A screen whose side panel waits for the ticket's first paint. */
function screen(id: { value: number | null }) {
  return mount(
    defineComponent({
      setup() {
        const painted = useAfterPaint(() => id.value)
        return () => h('div', [h('h2', String(id.value)), painted.value ? h('aside', 'side') : null])
      },
    }),
  )
}

describe('useAfterPaint', () => {
  it('shows the side panel only after the frame with the ticket has painted', async () => {
    const id = ref<number | null>(1)
    const w = screen(id)
    await nextTick()
    expect(w.find('aside').exists()).toBe(false)
    runFrame() // the frame that paints the ticket
    await nextTick()
    expect(w.find('aside').exists()).toBe(false)
    runFrame() // the next one: the first paint is done
    await nextTick()
    expect(w.find('aside').exists()).toBe(true)
  })

  it('hides it again for the next ticket until that one has painted, and never for none', async () => {
    const id = ref<number | null>(1)
    const w = screen(id)
    runFrame()
    runFrame()
    await nextTick()
    expect(w.find('aside').exists()).toBe(true)
    id.value = 2
    await nextTick()
    expect(w.find('aside').exists()).toBe(false)
    runFrame()
    runFrame()
    await nextTick()
    expect(w.find('aside').exists()).toBe(true)
    id.value = null
    await nextTick()
    runFrame()
    runFrame()
    await nextTick()
    expect(w.find('aside').exists()).toBe(false)
  })
})
