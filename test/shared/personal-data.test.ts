import { describe, expect, it } from 'vitest'
import { createLineLogger } from '../../src/main/core/logger'
import { describeError } from '../../src/cli/cli-error'
import { AppError } from '../../src/shared/domain/errors'
import {
  maskNationalId,
  maskPersonalFields,
  redactDetail,
  redactText,
} from '../../src/shared/domain/personal-data'

describe('personal data', () => {
  it('masks national ids, keeping the first four and last two characters', () => {
    expect(maskNationalId('A123456789')).toBe('A123****89')
    expect(maskNationalId(null)).toBe('')
  })

  it('masks every identity_no in a record, however deep, without touching the original', () => {
    const ticket = {
      id: 1,
      contact: { identity_no: 'F223456781', name: 'x' },
      interactions: [{ handler: { identity_no: 'M208410305' } }],
    }
    const masked = maskPersonalFields(ticket)
    expect(masked.contact.identity_no).toBe('F223****81')
    expect(masked.interactions[0]!.handler.identity_no).toBe('M208****05')
    expect(ticket.contact.identity_no).toBe('F223456781')
  })

  it('masks national ids typed into free text (subject, content, status_memo) where they stand', () => {
    const ticket = {
      id: 2,
      subject: '客戶 A123456789 來電',
      content: '身分證 f223456781，居留證 AC12345678；單號 123456789',
      status_memo: ['備註 M208410305'],
    }
    const out = JSON.stringify(maskPersonalFields(ticket))
    expect(out).not.toMatch(/A123456789|f223456781|AC12345678|M208410305/)
    expect(out).toContain('客戶 A123****89 來電')
    expect(out).toContain('f223****81')
    expect(out).toContain('單號 123456789')
    expect(maskPersonalFields(ticket).id).toBe(2)
  })

  it('redacts id numbers (national and resident), bearer tokens and keyed secrets from text', () => {
    const line =
      'identity_no: 身分證字號 A123456789 已被使用; arc ac12345678 / H812345678; ' +
      'Authorization: Bearer abc.def-123; token=s3cr3t&x=1 {"secret":"hunter2"}'
    const out = redactText(line)
    expect(out).not.toMatch(/A123456789|ac12345678|H812345678|abc\.def-123|s3cr3t|hunter2/)
    expect(out).toContain('A123****89')
    expect(out).toContain('Bearer [redacted]')
    // Ordinary numbers and words stay.
    expect(redactText('ticket 123456789 of TW2026 page 12')).toBe(
      'ticket 123456789 of TW2026 page 12',
    )
  })

  it('redacts log details by key and by pattern', () => {
    expect(
      redactDetail({
        token: 'abc',
        cacheKey: 'ab'.repeat(32),
        headers: { authorization: 'Bearer x' },
        identity_no: 'A123456789',
        message: 'id A223456789 is taken',
        count: 3,
      }),
    ).toEqual({
      token: '[redacted]',
      cacheKey: '[redacted]',
      headers: { authorization: '[redacted]' },
      identity_no: 'A123****89',
      message: 'id A223****89 is taken',
      count: 3,
    })
  })

  it('no log line carries an id number or a token, whatever the caller passes', () => {
    const lines: string[] = []
    const logger = createLineLogger('debug', (_level, line) => lines.push(line))
    logger.error('save refused: A123456789 already exists', {
      token: 'tok-1',
      error: 'HTTP 422 {"identity_no":["A123456789 is taken"]}',
    })
    expect(lines.join('\n')).not.toMatch(/A123456789|tok-1/)
  })

  it("the CLI's error line for a server 422 is redacted", () => {
    const error = new AppError({
      code: 'validation',
      message: 'The server refused: identity_no A123456789 is already registered',
    })
    const { line } = describeError(error)
    expect(redactText(line)).not.toContain('A123456789')
  })
})
