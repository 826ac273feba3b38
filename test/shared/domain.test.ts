import { describe, expect, it } from 'vitest'
import {
  DONE_STATUSES,
  isDone,
  isOpen,
  OPEN_STATUSES,
  TICKET_STATUSES,
} from '../../src/shared/domain/codes'
import {
  AppError,
  ERROR_CODES,
  isGone,
  isUnreachable,
  toErrorData,
} from '../../src/shared/domain/errors'

describe('status codes', () => {
  it('every status is open or done, never both', () => {
    for (const status of TICKET_STATUSES) expect(isOpen(status)).not.toBe(isDone(status))
    expect(TICKET_STATUSES.filter(isOpen)).toEqual(OPEN_STATUSES)
    expect(TICKET_STATUSES.filter(isDone)).toEqual(DONE_STATUSES)
  })

  it('a missing or unknown status is neither', () => {
    for (const status of [null, undefined, -1, 4]) {
      expect(isOpen(status)).toBe(false)
      expect(isDone(status)).toBe(false)
    }
  })
})

describe('errors', () => {
  it('only "no answer at all" counts as unreachable', () => {
    expect(ERROR_CODES.filter(isUnreachable)).toEqual(['offline', 'timeout'])
  })

  it('only a JSON 404 (not_found with status 404) says a record is gone', () => {
    expect(isGone(new AppError({ code: 'not_found', message: 'no', status: 404 }))).toBe(true)
    expect(isGone({ code: 'not_found', message: 'no', status: 404 })).toBe(true)
    // An HTML 404 is a wrong address; a not_found without the server's 404 is not its word.
    expect(isGone(new AppError({ code: 'not_this_api', message: 'html', status: 404 }))).toBe(false)
    expect(isGone(new AppError({ code: 'not_found', message: 'no' }))).toBe(false)
    expect(isGone(new AppError({ code: 'server_error', message: 'x', status: 500 }))).toBe(false)
    expect(isGone(null)).toBe(false)
  })

  it('toErrorData keeps an AppError and hides or keeps any other message', () => {
    const app = new AppError({ code: 'rate_limited', message: 'slow down', retryAfterMs: 5 })
    expect(toErrorData(app)).toEqual({
      code: 'rate_limited',
      message: 'slow down',
      retryAfterMs: 5,
    })
    expect(toErrorData(new Error('secret detail'), 'Unexpected')).toEqual({
      code: 'internal',
      message: 'Unexpected',
    })
    expect(toErrorData(new Error('disk full'))).toEqual({ code: 'internal', message: 'disk full' })
  })
})
