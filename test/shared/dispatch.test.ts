import { describe, expect, it } from 'vitest'
import { CHANNELS, type Handlers } from '../../src/shared/contract/contract'
import { dispatch } from '../../src/shared/contract/dispatch'
import { AppError } from '../../src/shared/domain/errors'

/** Handlers that echo enough to see what reached them; each channel gets one. */
function fakeHandlers(overrides: Partial<Handlers> = {}): Handlers {
  const base = Object.fromEntries(
    CHANNELS.map((channel) => [channel, (input: unknown) => ({ echoed: input })]),
  ) as unknown as Handlers
  return { ...base, ...overrides }
}

describe('dispatch (every transport runs calls through it)', () => {
  it('rejects bad input with a readable validation error naming the field, without calling the handler', async () => {
    let called = false
    const handlers = fakeHandlers({
      'tickets:get': () => {
        called = true
        throw new Error('must not run')
      },
    })
    const result = await dispatch(handlers, 'tickets:get', { id: 'seven' })
    expect(called).toBe(false)
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(/^Invalid input for tickets:get: id: /),
        fields: { id: [expect.any(String)] },
      },
    })
  })

  it('rejects unknown fields instead of passing them on', async () => {
    let called = false
    const handlers = fakeHandlers({
      'tickets:delete': () => {
        called = true
        return { state: 'applied' } as never
      },
    })
    const result = await dispatch(handlers, 'tickets:delete', { id: 3, cascade: true })
    expect(called).toBe(false)
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('cascade') },
    })
  })

  it('rejects a method that is not in the contract', async () => {
    const result = await dispatch(fakeHandlers(), 'fs:readFile', { path: '/etc/passwd' })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('Unknown method') },
    })
  })

  it('passes parsed input with defaults to the handler', async () => {
    const result = await dispatch(fakeHandlers(), 'tickets:query', { view: 'mine' })
    expect(result).toEqual({
      ok: true,
      value: {
        echoed: {
          view: 'mine',
          filters: {},
          sort: { column: 'default', direction: 'asc' },
          offset: 0,
          limit: 50,
        },
      },
    })
  })

  it('keeps an AppError code, fields and wait across the envelope', async () => {
    const handlers = fakeHandlers({
      'tickets:create': () => {
        throw new AppError({
          code: 'validation',
          message: 'The given data was invalid.',
          fields: { subject: ['The subject field is required.'] },
        })
      },
    })
    const result = await dispatch(handlers, 'tickets:create', { subject: 'x', content: 'y' })
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'validation',
        message: 'The given data was invalid.',
        fields: { subject: ['The subject field is required.'] },
      },
    })
  })

  it('hides unexpected errors behind a plain message (no stack reaches the screens)', async () => {
    const seen: unknown[] = []
    const handlers = fakeHandlers({
      'lookups:get': () => {
        throw new TypeError('Cannot read properties of undefined (reading "x")')
      },
    })
    const result = await dispatch(
      handlers,
      'lookups:get',
      {},
      { onInternalError: (_c, e) => seen.push(e) },
    )
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Unexpected error in the main process' },
    })
    expect(seen).toHaveLength(1)
  })

  it('with output validation on, a result that breaks the contract becomes an internal error', async () => {
    const handlers = fakeHandlers({ 'sync:now': () => ({ started: 'yes' }) as never })
    const result = await dispatch(handlers, 'sync:now', {}, { validateOutput: true })
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
  })
})
