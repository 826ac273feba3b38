// Connections the way an IT team wants them: the token tied to its address, https unless local
// or explicitly accepted, the time zone checked, and every contract input strict.
import { z } from 'zod'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type Core } from '../../../src/main/core/core'
import { createAddressBoundSecrets } from '../../../src/main/core/settings/address-bound-token'
import {
  createMemorySecretStore,
  type SecretStore,
} from '../../../src/main/core/settings/secret-store'
import { silentLogger } from '../../../src/main/core/logger'
import { contract, CHANNELS } from '../../../src/shared/contract/contract'
import { isInsecureRemote, isLoopbackHost } from '../../../src/shared/domain/api-address'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { startTestCore } from '../../helpers/core'

let sandbox: TestSandbox
let core: Core | undefined
beforeAll(async () => {
  sandbox = await startTestSandbox({ tickets: 5, seed: 4, token: 'bound-token' })
})
afterAll(async () => sandbox?.close())
afterEach(async () => core?.close())

function start(secrets: SecretStore = createMemorySecretStore()): Promise<Core> {
  return startTestCore({ secrets })
}

describe('the token belongs to its address', () => {
  it('is kept for the same address however it is written, dropped for another one', async () => {
    const shellStore = createMemorySecretStore()
    core = await start(shellStore)
    const connect = (input: Record<string, unknown>) => core!.call('connection:connect', input)
    expect(await connect({ apiUrl: sandbox.url, token: 'bound-token' })).toMatchObject({
      ok: true,
      value: { hasToken: true },
    })
    // The shell's store holds the token with the normalised address, never alone.
    expect(JSON.parse(shellStore.get()!)).toMatchObject({ apiBase: sandbox.apiBase })
    // Same server, written differently, token field left empty: kept, and it still works.
    expect(await connect({ apiUrl: `${sandbox.apiBase}/` })).toMatchObject({
      value: { hasToken: true },
    })
    expect(
      await core.call('connection:test', { apiUrl: sandbox.url, token: 'bound-token' }),
    ).toMatchObject({ ok: true })
    // Another address with the token field empty: the stored token is not sent there.
    const other = sandbox.url.replace('127.0.0.1', 'localhost')
    expect(await connect({ apiUrl: other })).toMatchObject({ value: { hasToken: false } })
    expect(shellStore.get()).toBeNull()
    // And going back does not bring it back.
    expect(await connect({ apiUrl: sandbox.url })).toMatchObject({ value: { hasToken: false } })
  })

  it('drops a token stored by an older version (bound to no address)', () => {
    const inner = createMemorySecretStore('legacy-token')
    const bound = createAddressBoundSecrets(inner, () => 'https://api.example.com', silentLogger)
    expect(bound.get()).toBeNull()
    expect(inner.get()).toBeNull()
  })
})

describe('https unless local or accepted', () => {
  it('knows loopback', () => {
    for (const host of ['localhost', '127.0.0.1', '127.8.9.1', '[::1]', 'api.localhost'])
      expect(isLoopbackHost(host), host).toBe(true)
    for (const host of ['10.0.0.1', 'example.com', '127.0.0.1.nip.io', 'localhost.example.com'])
      expect(isLoopbackHost(host), host).toBe(false)
    expect(isInsecureRemote('http://tickets.example.com/api/v1')).toBe(true)
    expect(isInsecureRemote('https://tickets.example.com')).toBe(false)
    expect(isInsecureRemote('http://127.0.0.1:8080')).toBe(false)
  })

  it('refuses http:// to another computer unless the agent accepts it, and remembers the choice', async () => {
    core = await start()
    const remote = 'http://tickets.invalid/api/v1'
    for (const channel of ['connection:test', 'connection:connect'] as const) {
      expect(await core.call(channel, { apiUrl: remote, token: 't' })).toMatchObject({
        ok: false,
        error: { code: 'insecure_address' },
      })
    }
    expect(await core.call('settings:get', {})).toMatchObject({ value: { apiUrl: null } })
    expect(
      await core.call('connection:connect', { apiUrl: remote, allowInsecure: true }),
    ).toMatchObject({ ok: true, value: { apiUrl: remote, allowInsecureApi: true } })
    // Loopback never needs the opt-in.
    expect(await core.call('connection:connect', { apiUrl: sandbox.url })).toMatchObject({
      ok: true,
      value: { allowInsecureApi: false },
    })
  })
})

describe('settings boundary', () => {
  it('refuses a time zone Intl does not know, keeps a valid one', async () => {
    core = await start()
    expect(await core.call('settings:update', { serverTimeZone: 'Mars/Olympus' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
    expect(await core.call('settings:update', { serverTimeZone: 'Asia/Tokyo' })).toMatchObject({
      ok: true,
      value: { serverTimeZone: 'Asia/Tokyo' },
    })
  })

  it('refuses unknown keys and over-long strings on every method', async () => {
    core = await start()
    for (const channel of CHANNELS) {
      const result = await core.call(channel, { surprise: 1 })
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    }
    const long = 'x'.repeat(100_000)
    const inputs: Array<[string, unknown]> = [
      ['connection:connect', { apiUrl: `https://a.example/${long}` }],
      ['connection:test', { apiUrl: 'https://a.example', token: long }],
      ['views:delete', { id: long }],
      ['tickets:query', { filters: { search: long } }],
      ['tickets:create', { subject: 's', content: long }],
      ['tickets:update', { id: 1, changes: { status_memo: long } }],
      ['settings:update', { me: { id: 1, name: long, employeeNo: null } }],
    ]
    for (const [channel, input] of inputs) {
      expect(await core.call(channel, input), channel).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      })
    }
  })

  it('has no loose object and no unbounded string in any contract input', () => {
    const problems: string[] = []
    const walk = (schema: unknown, path: string): void => {
      const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def
      if (!def) return
      switch (def['type']) {
        case 'object': {
          const catchall = (def['catchall'] as { _zod?: { def?: { type?: string } } } | undefined)
            ?._zod?.def?.type
          if (catchall !== 'never') problems.push(`${path}: not strict`)
          for (const [key, child] of Object.entries(def['shape'] as Record<string, unknown>))
            walk(child, `${path}.${key}`)
          return
        }
        case 'string': {
          const checks =
            (def['checks'] as Array<{ _zod: { def: { check: string } } }> | undefined) ?? []
          const bounded = checks.some((c) =>
            ['max_length', 'length_equals'].includes(c._zod.def.check),
          )
          if (!bounded) problems.push(`${path}: string without a length limit`)
          return
        }
        case 'array':
          return walk(def['element'], `${path}[]`)
        case 'optional':
        case 'nullable':
        case 'default':
        case 'catch':
        case 'readonly':
        case 'nonoptional':
          return walk(def['innerType'], path)
        case 'pipe':
          return walk(def['in'], path)
        case 'union':
          return (def['options'] as unknown[]).forEach((o, i) => walk(o, `${path}|${i}`))
      }
    }
    // The checker is not vacuous: a loose object with a free string is caught.
    walk(z.object({ free: z.string().optional() }), 'probe')
    expect(problems).toEqual(['probe: not strict', 'probe.free: string without a length limit'])
    problems.length = 0
    for (const [channel, entry] of Object.entries(contract)) walk(entry.input, channel)
    expect(problems).toEqual([])
  })
})
