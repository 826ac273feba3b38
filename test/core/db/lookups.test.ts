import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCache, type TicketCache } from '../../../src/main/core/db/cache'
import type { LookupLists } from '../../../src/main/core/db/cache-interfaces'
import { NOW, tempDir } from './cache-fixtures'

let tmp: ReturnType<typeof tempDir>
let cache: TicketCache

beforeEach(() => {
  tmp = tempDir()
  cache = openCache(`${tmp.dir}/cache.sqlite`).cache
})

afterEach(() => {
  cache.close()
  tmp.cleanup()
})

const lists: LookupLists = {
  categories: [
    {
      id: 2,
      name: '配送',
      description: null,
      children: [{ id: 21, name: '地區', description: null }],
    },
    { id: 1, name: '保險', description: 'PA', children: [] },
  ],
  subCategories: [
    { id: 21, name: '地區', description: null, category_id: 2, category: null },
    {
      id: 11,
      name: '理賠',
      description: null,
      category_id: null,
      category: { id: 1, name: '保險' },
    },
    { id: 31, name: '孤兒', description: null, category_id: null, category: null },
  ],
  terminationCodes: [{ id: 5, name: '已結案', description: null, status: 3, creater_id: 1 }],
  sponsors: [{ id: 1, name: 'default', description: null, is_immortal: true, mail_channels: [] }],
  employees: [
    { id: 9, name: 'Iris Chen', employee_no: 'iris9', group: { id: 3, name: 'SUN1' } },
    { id: 4, name: '王 佩珊', employee_no: 'ag8004', group: null },
  ],
}

describe('lookups', () => {
  it('returns the lists in the server order, categories with children from both sources', () => {
    cache.replaceLookups(lists)
    const lookups = cache.getLookups()
    expect(lookups.categories).toEqual([
      {
        id: 2,
        name: '配送',
        description: null,
        children: [{ id: 21, name: '地區', description: null }],
      },
      {
        id: 1,
        name: '保險',
        description: 'PA',
        children: [{ id: 11, name: '理賠', description: null }],
      },
    ])
    expect(lookups.terminationCodes).toEqual(lists.terminationCodes)
    expect(lookups.sponsors).toEqual(lists.sponsors)
    expect(lookups.employees).toEqual([
      { id: 9, name: 'Iris Chen', employeeNo: 'iris9', groupName: 'SUN1' },
      { id: 4, name: '王 佩珊', employeeNo: 'ag8004', groupName: null },
    ])
    expect(cache.searchEmployees('IRIS', 5).map((e) => e.id)).toEqual([9])
    expect(cache.searchEmployees('8004', 5).map((e) => e.id)).toEqual([4])
    expect(cache.getEmployee(9)).toEqual(lists.employees[0])
  })

  it('replaces every list atomically: a failure keeps the old lists whole', () => {
    cache.replaceLookups(lists)
    const broken = {
      ...lists,
      categories: [{ id: 7, name: '新', description: null, children: [] }],
      sponsors: [{ id: 'x' as unknown as number, name: 'bad' }],
    }
    expect(() => cache.replaceLookups(broken)).toThrow()
    expect(cache.getLookups().categories.map((c) => c.id)).toEqual([2, 1])
    cache.replaceLookups({ ...lists, categories: [], employees: [] })
    expect(cache.getLookups().categories).toEqual([])
    expect(cache.getLookups().employees).toEqual([])
  })

  it('keeps employees that left the list for the tickets that name them, out of the list', () => {
    cache.replaceLookups(lists)
    cache.replaceLookups({
      ...lists,
      employees: [lists.employees[1] as LookupLists['employees'][number]],
    })
    expect(cache.getLookups().employees.map((e) => e.id)).toEqual([4])
    expect(cache.getEmployee(9)?.name).toBe('Iris Chen')
    // An embedded copy never overwrites the listed one.
    cache.upsertTickets([{ id: 1, handler_id: 4, handler: { id: 4, name: '舊名字' } }], NOW)
    expect(cache.getEmployee(4)?.name).toBe('王 佩珊')
    expect(cache.queryTickets({}, { meId: null, now: NOW }).rows[0]?.handlerName).toBe('舊名字')
  })

  it("names a ticket's handler and category from the lists when the ticket does not embed them", () => {
    cache.replaceLookups(lists)
    cache.upsertTickets([{ id: 1, handler_id: 9, category_id: 2, sub_category_id: 21 }], NOW)
    expect(cache.queryTickets({}, { meId: null, now: NOW }).rows[0]).toMatchObject({
      handlerName: 'Iris Chen',
      categoryName: '配送',
      subCategoryName: '地區',
    })
  })
})
