import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  EARLY_READ_MS,
  earlyAnswer,
  settledWithin,
} from '../../../src/renderer/src/utils/early-answer'

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

describe('earlyAnswer', () => {
  it('holds one answer, briefly, unless told to hold more and longer', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const one = earlyAnswer<string>()
    one.put('a', Promise.resolve('A'))
    one.put('b', Promise.resolve('B'))
    expect(one.peek('a')).toBeNull()
    expect(one.peek('b')).not.toBeNull()
    vi.setSystemTime(Date.now() + EARLY_READ_MS)
    expect(one.peek('b')).toBeNull()

    const shelf = earlyAnswer<string>({ capacity: 2, maxAgeMs: 10 * EARLY_READ_MS })
    shelf.put('a', Promise.resolve('A'))
    shelf.put('b', Promise.resolve('B'))
    vi.setSystemTime(Date.now() + EARLY_READ_MS)
    expect(shelf.take('a')).not.toBeNull()
    expect(shelf.take('a')).toBeNull()
    // Full: the oldest goes first.
    shelf.put('c', Promise.resolve('C'))
    shelf.put('d', Promise.resolve('D'))
    expect(shelf.peek('b')).toBeNull()
    expect(shelf.peek('c')).not.toBeNull()
    shelf.drop()
    expect(shelf.peek('d')).toBeNull()
  })
})
