import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readTokenInput, TOKEN_ENV } from '../../src/main/core/settings/token-input'

describe('token input of the Node hosts', () => {
  it('takes the first line of stdin, the environment, or the flag with a warning', async () => {
    expect(
      await readTokenInput({
        fromStdin: true,
        stdin: Readable.from(['tok-from-stdin\nrest']),
        env: {},
      }),
    ).toEqual({ token: 'tok-from-stdin', source: 'stdin' })
    expect(await readTokenInput({ env: { [TOKEN_ENV]: 'tok-env' } })).toEqual({
      token: 'tok-env',
      source: 'env',
    })
    const flag = await readTokenInput({ flag: 'tok-flag', env: { [TOKEN_ENV]: 'tok-env' } })
    expect(flag).toMatchObject({ token: 'tok-flag', source: 'flag' })
    expect(flag.warning).toMatch(/process list/)
    expect(await readTokenInput({ env: {} })).toEqual({ token: undefined, source: 'none' })
  })
})
