import { describe, expect, expectTypeOf, it } from 'vitest'
import type { TicketSearchParams } from '../../src/main/core/api/types'
import {
  activeFilters,
  clearFilter,
  FILTERS,
  filterByKey,
  filterValues,
  withoutValue,
  type FilterApiParam,
} from '../../src/shared/domain/filters'
import { ticketFiltersSchema, type TicketFilters } from '../../src/shared/domain/queue'

describe('the filter table', () => {
  it('owns every field of TicketFilters exactly once', () => {
    const owned = FILTERS.flatMap((d) => d.fields).sort()
    expect(owned).toEqual(Object.keys(ticketFiltersSchema.shape).sort())
    expect(new Set(FILTERS.map((d) => d.key)).size).toBe(FILTERS.length)
  })

  it("maps only to parameters the API client's ticket search has", () => {
    expectTypeOf<FilterApiParam>().toExtend<keyof TicketSearchParams>()
  })

  it('names partners and cleared fields that exist', () => {
    for (const d of FILTERS) {
      if (d.anyOf !== null) expect(['ids', 'id']).toContain(filterByKey(d.anyOf).kind)
      if (d.kind === 'range') expect(d.fields).toHaveLength(2)
      if (d.kind === 'text') expect(d.column).toBeNull()
      else expect(d.column).not.toBeNull()
    }
  })

  it('finds what is set, takes values out and clears with what belongs to it', () => {
    const filters: TicketFilters = {
      statuses: [0, 1],
      unassigned: false,
      priorities: [],
      categoryId: 3,
      subCategoryId: 7,
      createdTo: '2026-01-01 23:59:59',
    }
    expect(activeFilters(filters).map((d) => d.key)).toEqual([
      'statuses',
      'categoryId',
      'subCategoryId',
      'created',
    ])
    const statuses = filterByKey('statuses')
    expect(filterValues(filters, statuses)).toEqual([0, 1])
    expect(withoutValue(filters, statuses, 0).statuses).toEqual([1])
    expect('statuses' in withoutValue({ statuses: [2] }, statuses, 2)).toBe(false)
    expect(clearFilter(filters, filterByKey('categoryId'))).toEqual({
      statuses: [0, 1],
      unassigned: false,
      priorities: [],
      createdTo: '2026-01-01 23:59:59',
    })
    expect(clearFilter(filters, filterByKey('created')).createdTo).toBeUndefined()
    expect(() => filterByKey('nope')).toThrow(/No queue filter named "nope"/)
  })
})
