import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src/main/core/logger'
import { SettingsStore } from '../../../src/main/core/settings/settings-store'
import type { SavedView } from '../../../src/shared/domain/queue'

const view = (id: string, name: string): SavedView => ({
  id,
  name,
  view: 'open',
  filters: { search: name },
  sort: { column: 'default', direction: 'asc' },
})

describe('saved views in the settings file', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('a renamed view keeps its place in the side bar, also after a restart', () => {
    dir = mkdtempSync(join(tmpdir(), 'ac-views-'))
    const path = join(dir, 'settings.json')
    const store = new SettingsStore(path, silentLogger)
    store.saveView(view('a', '退款'))
    store.saveView(view('b', '急件'))
    store.saveView(view('c', '客訴'))
    store.saveView({ ...view('a', '退款'), name: '退款追蹤' })
    const again = new SettingsStore(path, silentLogger).get().savedViews
    expect(again.map((v) => v.name)).toEqual(['退款追蹤', '急件', '客訴'])
    expect(again[0]!.filters).toEqual({ search: '退款' })
  })
})
