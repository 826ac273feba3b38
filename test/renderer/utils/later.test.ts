import { afterEach, describe, expect, it, vi } from 'vitest'
import { afterNextPaint, nextPaint } from '../../../src/renderer/src/utils/later'
import { until } from '../harness'

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('work put after the next paint', () => {
  it('runs once, after the next frame', async () => {
    const run = vi.fn()
    afterNextPaint(run)
    expect(run).not.toHaveBeenCalled()
    await until(() => expect(run).toHaveBeenCalledTimes(1))
    await nextPaint()
    await nextPaint()
    expect(run).toHaveBeenCalledTimes(1)
  })

  // A window started minimised paints nothing: the counts and alerts waiting on a paint still come.
  it('runs anyway when no frame comes', () => {
    vi.useFakeTimers()
    vi.stubGlobal('requestAnimationFrame', () => 1)
    vi.stubGlobal('cancelAnimationFrame', () => undefined)
    const run = vi.fn()
    afterNextPaint(run)
    vi.advanceTimersByTime(499)
    expect(run).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('does not run once cancelled, whether a frame comes or not', () => {
    vi.useFakeTimers()
    const frames: Array<() => void> = []
    vi.stubGlobal('requestAnimationFrame', (frame: () => void) => frames.push(frame))
    vi.stubGlobal('cancelAnimationFrame', () => undefined)
    const run = vi.fn()
    afterNextPaint(run)()
    frames.forEach((frame) => frame())
    vi.advanceTimersByTime(1000)
    expect(run).not.toHaveBeenCalled()
  })
})
