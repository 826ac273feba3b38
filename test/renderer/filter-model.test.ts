import { describe, expect, it } from 'vitest'
import {
  DRAWER_ROWS,
  drawerCount,
  filterChips,
} from '../../src/renderer/src/views/queue/modules/filter-model'
import { FILTERS } from '../../src/shared/domain/filters'
import type { TicketFilters } from '../../src/shared/domain/queue'
import { LOOKUPS } from './fixtures'

const names = { employee: (id: number) => `E${id}`, contact: (id: number) => `C${id}` }

const ALL: TicketFilters = {
  search: '退款',
  statuses: [0, 1],
  priorities: [3],
  handlerIds: [7],
  unassigned: true,
  createrIds: [8],
  sponsorId: 5,
  terminationCodeIds: [101],
  contactId: 9,
  categoryId: 1,
  subCategoryId: 11,
  createdFrom: '2029-01-01 00:00:00',
  createdTo: '2029-01-31 23:59:59',
  dueFrom: '2030-01-01 00:00:00',
}

describe('filter model (from the filter table)', () => {
  it('makes one chip per active value, in the table order, labelled from the lookups', () => {
    const chips = filterChips(ALL, LOOKUPS, names)
    expect(chips.map((c) => [c.id, c.valueIsKey ? `key:${c.value}` : c.value])).toEqual([
      ['search', '退款'],
      ['statuses:0', 'key:status.pending'],
      ['statuses:1', 'key:status.inProgress'],
      ['priorities:3', 'key:priority.urgent'],
      ['handlerIds:7', 'E7'],
      ['unassigned', 'key:queue.unassigned'],
      ['createrIds:8', 'E8'],
      ['sponsorId', '甲公司'],
      ['terminationCodeIds:101', '已轉二線'],
      ['contactId', 'C9'],
      ['categoryId', '帳務'],
      ['subCategoryId', '退款'],
      ['created', '2029-01-01 – 2029-01-31'],
      ['due', '2030-01-01 – …'],
    ])
    expect(chips.find((c) => c.id === 'handlerIds:7')?.nameKey).toBe('field.handler_id')
  })

  it('removes one value, or the whole filter with what belongs to it', () => {
    const chips = filterChips(ALL, LOOKUPS, names)
    const remove = (id: string) => chips.find((c) => c.id === id)!.remove(ALL)
    expect(remove('statuses:0').statuses).toEqual([1])
    expect(remove('priorities:3')).not.toHaveProperty('priorities')
    const noCategory = remove('categoryId')
    expect(noCategory).not.toHaveProperty('categoryId')
    expect(noCategory).not.toHaveProperty('subCategoryId')
    expect(remove('created')).not.toHaveProperty('createdFrom')
    expect(filterChips({ sponsorId: 99 }, LOOKUPS, names)[0]?.value).toBe('#99')
  })

  it("counts the drawer's own filters (a sub-category with its category) and lays out its rows", () => {
    expect(drawerCount({ search: 'x', statuses: [0], priorities: [1] })).toBe(0)
    expect(drawerCount(ALL)).toBe(9)
    expect(drawerCount({ handlerIds: [] })).toBe(0)
    expect(DRAWER_ROWS.map((r) => r.filter.key)).toEqual(
      FILTERS.map((d) => d.key).filter(
        (k) => !['search', 'unassigned', 'subCategoryId'].includes(k),
      ),
    )
    expect(DRAWER_ROWS.find((r) => r.filter.key === 'handlerIds')?.with.map((d) => d.key)).toEqual([
      'unassigned',
    ])
  })
})
