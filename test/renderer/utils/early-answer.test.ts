import { afterEach, describe, expect, it, vi } from 'vitest'
import { settledWithin } from '../../../src/renderer/src/utils/early-answer'

afterEach(() => vi.useRealTimers())

describe('settledWithin', () => {
  it('resolves as soon as the answer arrives or fails, without waiting out the time', async () => {
    vi.useFakeTimers()
    let done = 0
    void settledWithin(Promise.resolve('rows'), 150).then(() => done++)
    void settledWithin(Promise.reject(new Error('offline')), 150).then(() => done++)
    await vi.advanceTimersByTimeAsync(0)
    expect(done).toBe(2)
  })

  it('resolves after the time given when the answer never comes', async () => {
    vi.useFakeTimers()
    let done = false
    void settledWithin(new Promise(() => undefined), 150).then(() => (done = true))
    await vi.advanceTimersByTimeAsync(149)
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(done).toBe(true)
  })
})
