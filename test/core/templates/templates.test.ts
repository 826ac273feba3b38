/**
 * The agent's templates through the core's contract: kept in their own encrypted file, so they
 * outlive a sign-out and a cache rebuilt after damage; imported all or nothing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { call, startTestCore } from '../../helpers/core'

let dir: string
let core: Core | null = null
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ac-templates-'))
})
afterEach(async () => {
  await core?.close()
  core = null
  rmSync(dir, { recursive: true, force: true })
})

const SECRET = '您好，這裡是客服中心，關於退款 A123456789'

async function open(): Promise<Core> {
  core = await startTestCore({ dataDir: dir })
  return core
}

describe('templates in the core', () => {
  it('creates, edits, reorders and deletes, and keeps them out of clear text on disk', async () => {
    const c = await open()
    const a = await call(c, 'templates:save', { template: { title: '開場', body: SECRET } })
    const b = await call(c, 'templates:save', {
      template: { title: '結案', body: '已為 {{caller}} 處理完畢', shortcut: 'done' },
    })
    await call(c, 'templates:save', { id: a.id, template: { title: '開場白', body: SECRET } })
    expect((await call(c, 'templates:reorder', { ids: [b.id, a.id] })).map((t) => t.title)).toEqual(
      ['結案', '開場白'],
    )
    expect(await call(c, 'templates:delete', { id: b.id })).toEqual({ removed: true })
    expect((await call(c, 'templates:list', {})).map((t) => t.title)).toEqual(['開場白'])
    await c.close()
    core = null
    const needle = Buffer.from(SECRET)
    const files = readdirSync(dir).filter((f) => !readFileSync(join(dir, f)).includes(needle))
    expect(readdirSync(dir).some((f) => f.includes('.templates'))).toBe(true)
    expect(files).toEqual(readdirSync(dir))
  })

  it('survive a sign-out and a cache file rebuilt after damage', async () => {
    let c = await open()
    await call(c, 'templates:save', { template: { title: '開場', body: SECRET, shortcut: 'hi' } })
    await call(c, 'connection:signOut', {})
    expect((await call(c, 'templates:list', {})).map((t) => t.body)).toEqual([SECRET])
    await c.close()
    core = null
    const cacheFile = readdirSync(dir).find((f) => /^cache\.sqlite$|^cache\.db$/.test(f))
    expect(cacheFile).toBeDefined()
    writeFileSync(join(dir, cacheFile as string), Buffer.alloc(8192, 7))
    c = await open()
    expect((await call(c, 'templates:list', {})).map((t) => t.shortcut)).toEqual(['hi'])
  })

  it('exports a file that imports back, and refuses a newer format or a bad field, importing nothing', async () => {
    const c = await open()
    await call(c, 'templates:save', { template: { title: '開場', body: '您好 {{me}}' } })
    const exported = await call(c, 'templates:export', {})
    expect(exported.fileName).toMatch(/^templates-\d{4}-\d{2}-\d{2}\.json$/)
    expect(await call(c, 'templates:import', { text: exported.text })).toEqual({
      imported: 1,
      macros: 0,
    })

    const file = JSON.parse(exported.text) as { version: number; templates: object[] }
    const newer = await c.call('templates:import', {
      text: JSON.stringify({ ...file, version: 3 }),
    })
    expect(newer.ok).toBe(false)
    if (!newer.ok) {
      expect(newer.error.message).toMatch(/newer version \(format 3\)/)
      expect(newer.error).toMatchObject({
        reason: 'template_file_newer',
        params: { version: 3, supported: 2 },
      })
    }

    const bad = await c.call('templates:import', {
      text: JSON.stringify({
        ...file,
        templates: [
          { title: '好的', body: 'ok' },
          { title: '', body: 'x' },
        ],
      }),
    })
    expect(bad.ok).toBe(false)
    if (!bad.ok) {
      expect(bad.error.code).toBe('invalid_input')
      expect(bad.error.message).toContain('templates[1].title')
      expect(bad.error).toMatchObject({
        reason: 'template_file_bad_title',
        params: { n: 2, max: 100 },
      })
    }
    for (const text of ['not json', '{"format":"other","version":1,"templates":[]}']) {
      const refused = await c.call('templates:import', { text })
      expect(refused.ok).toBe(false)
      if (!refused.ok) expect(refused.error.message).toMatch(/not a templates file/)
    }
    const unknownKey = await c.call('templates:import', {
      text: JSON.stringify({ ...file, templates: [{ title: 'a', body: 'b', owner: 'x' }] }),
    })
    expect(unknownKey.ok || unknownKey.error).toMatchObject({
      reason: 'template_file_bad_field',
      params: { field: 'templates[0]' },
    })
    expect(await call(c, 'templates:list', {})).toHaveLength(2)
  })
})
