/**
 * Macros through the core's contract: kept in the templates' own encrypted file (so a sign-out or
 * a rebuilt cache leaves them), exported and imported with the templates, all or nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { call, startTestCore } from '../../helpers/core'

let dir: string
let core: Core | null = null
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ac-macros-'))
})
afterEach(async () => {
  await core?.close()
  core = null
  rmSync(dir, { recursive: true, force: true })
})

async function open(): Promise<Core> {
  core = await startTestCore({ dataDir: dir })
  return core
}

const CLOSE = {
  name: '結案：已處理',
  changes: {
    status: 2,
    termination_code_id: 8,
    handler_id: 'me' as const,
    append_status_memo: '{{today}} {{me}} 已回電 {{caller}}',
  },
}

describe('macros in the core', () => {
  it('creates, edits, reorders and deletes, and keeps them when the app opens again', async () => {
    const c = await open()
    const a = await call(c, 'macros:save', { macro: CLOSE })
    const b = await call(c, 'macros:save', { macro: { name: '升級', changes: { priority: 3 } } })
    await call(c, 'macros:save', { id: a.id, macro: { ...CLOSE, name: '結案' } })
    expect((await call(c, 'macros:reorder', { ids: [b.id, a.id] })).map((m) => m.name)).toEqual([
      '升級',
      '結案',
    ])
    await c.close()
    core = null
    const again = await open()
    const list = await call(again, 'macros:list', {})
    expect(list.map((m) => m.name)).toEqual(['升級', '結案'])
    expect(list[1]?.changes).toEqual(CLOSE.changes)
    expect(await call(again, 'macros:delete', { id: b.id })).toEqual({ removed: true })
    expect((await call(again, 'macros:list', {})).map((m) => m.name)).toEqual(['結案'])
  })

  it('refuses a macro that breaks the pairing rules or sets nothing', async () => {
    const c = await open()
    const bad: unknown[] = [
      { macro: { name: 'x', changes: {} } },
      { macro: { name: 'x', changes: { termination_code_id: 3 } } },
      { macro: { name: 'x', changes: { sub_category_id: 21 } } },
      { macro: { name: 'x', changes: { handler_id: 'you' } } },
      { macro: { name: '  ', changes: { priority: 1 } } },
      { macro: { name: 'x', changes: { subject: 'no' } } },
    ]
    for (const input of bad) {
      const result = await c.call('macros:save', input)
      expect(result.ok, JSON.stringify(input)).toBe(false)
    }
    expect(await call(c, 'macros:list', {})).toEqual([])
  })

  it('exports macros with the templates and imports them back; a version 1 file still reads', async () => {
    const c = await open()
    await call(c, 'templates:save', { template: { title: '開場', body: '您好' } })
    await call(c, 'macros:save', { macro: CLOSE })
    const file = await call(c, 'templates:export', {})
    expect(JSON.parse(file.text)).toMatchObject({ version: 2, macros: [CLOSE] })
    expect(await call(c, 'templates:import', { text: file.text })).toEqual({
      imported: 1,
      macros: 1,
    })
    expect((await call(c, 'macros:list', {})).map((m) => m.name)).toEqual([CLOSE.name, CLOSE.name])
    const v1 = JSON.stringify({
      format: 'agent-console-templates',
      version: 1,
      templates: [{ title: '舊', body: '舊的' }],
    })
    expect(await call(c, 'templates:import', { text: v1 })).toEqual({ imported: 1, macros: 0 })
  })

  it('imports nothing, templates included, from a file with one bad macro', async () => {
    const c = await open()
    const text = JSON.stringify({
      format: 'agent-console-templates',
      version: 2,
      templates: [{ title: '好的', body: '好的' }],
      macros: [CLOSE, { name: '壞的', changes: { termination_code_id: 3 } }],
    })
    const result = await c.call('templates:import', { text })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toMatch(/macros\[1\]\.changes/)
    expect(await call(c, 'templates:list', {})).toEqual([])
    expect(await call(c, 'macros:list', {})).toEqual([])
  })
})
