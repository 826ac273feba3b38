/** A form's draft key: one spelling for what it is for, read back the same, always valid. */
import { describe, expect, it } from 'vitest'
import { draftKeyOf, draftTarget } from '../../src/shared/domain/draft-keys'
import { draftKeySchema } from '../../src/shared/domain/outbox'

describe('draft keys', () => {
  it.each([
    [{ ticketId: 42, contactId: null }, 'ticket:42'],
    [{ ticketId: null, contactId: 9 }, 'new:9'],
    [{ ticketId: null, contactId: null }, 'new'],
  ])('%o is kept as %s and read back as what it is for', (target, key) => {
    expect(draftKeyOf(target)).toBe(key)
    expect(draftKeySchema.parse(key)).toBe(key)
    expect(draftTarget(key)).toEqual(target)
  })
})
