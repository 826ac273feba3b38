import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { useAfterPaint } from '../../../src/renderer/src/composables/use-after-paint'

/** Animation frames the test runs one at a time, as the browser would before each paint. */
let frames = new Map<number, FrameRequestCallback>()
let lastFrame = 0
function runFrame(): void {
  const now = [...frames.values()]
  frames = new Map()
  for (const f of now) f(performance.now())
}
/** The frame with the ticket runs its callbacks and paints; then the tasks it queued run. */
async function painted(): Promise<void> {
  runFrame()
  vi.advanceTimersByTime(0)
  await nextTick()
}

beforeEach(() => {
  frames = new Map()
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => {
    frames.set(++lastFrame, f)
    return lastFrame
  })
  vi.stubGlobal('cancelAnimationFrame', (n: number) => frames.delete(n))
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

/** A screen whose side panel waits for the ticket's first paint. */
function screen(id: { value: number | null }) {
  return mount(
    defineComponent({
      setup() {
        const painted = useAfterPaint(() => id.value)
        return () =>
          h('div', [h('h2', String(id.value)), painted.value ? h('aside', 'side') : null])
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
    runFrame() // the frame that paints the ticket: its callbacks run before the paint
    await nextTick()
    expect(w.find('aside').exists()).toBe(false)
    vi.advanceTimersByTime(0) // a task after that paint
    await nextTick()
    expect(w.find('aside').exists()).toBe(true)
    // No second frame is asked for: one would start before the tasks the first one queued.
    expect(frames.size).toBe(0)
  })

  it('hides it again for the next ticket until that one has painted, and never for none', async () => {
    const id = ref<number | null>(1)
    const w = screen(id)
    await painted()
    expect(w.find('aside').exists()).toBe(true)
    id.value = 2
    await nextTick()
    expect(w.find('aside').exists()).toBe(false)
    await painted()
    expect(w.find('aside').exists()).toBe(true)
    id.value = null
    await nextTick()
    await painted()
    vi.advanceTimersByTime(1000)
    await nextTick()
    expect(w.find('aside').exists()).toBe(false)
  })

  // A window started minimised paints nothing: the side panel comes all the same.
  it('shows it when no frame comes', async () => {
    const w = screen(ref(1))
    await nextTick()
    vi.advanceTimersByTime(500)
    await nextTick()
    expect(w.find('aside').exists()).toBe(true)
  })
})
