import { describe, expect, it } from 'vitest'
import {
  changedFields,
  codesForStatus,
  editedFields,
  emptyModel,
  fieldErrors,
  modelFromTicket,
  subCategoriesOf,
  toCreateInput,
  withCategory,
  withStatus,
} from '../../src/renderer/src/views/ticket-form/modules/form-model'
import { LOOKUPS, ticket } from './fixtures'

describe('ticket form rules', () => {
  it("a draft keeps the agent's fields alone, a category with its sub-category and a status with its code", () => {
    const start = {
      ...emptyModel(),
      subject: '退款',
      status: 1,
      terminationCodeId: 101,
      categoryId: 1,
      subCategoryId: 11,
    }
    expect(editedFields(start, { ...start, content: '客戶來電' })).toEqual({ content: '客戶來電' })
    expect(editedFields(start, { ...start, subCategoryId: 12 })).toEqual({
      categoryId: 1,
      subCategoryId: 12,
    })
    expect(editedFields(start, { ...start, status: 2, terminationCodeId: null })).toEqual({
      status: 2,
      terminationCodeId: null,
    })
    expect(editedFields(start, { ...start })).toEqual({})
  })

  it('offers only the termination codes of the chosen status', () => {
    expect(codesForStatus(LOOKUPS.terminationCodes, 1).map((c) => c.id)).toEqual([101, 102])
    expect(codesForStatus(LOOKUPS.terminationCodes, 2).map((c) => c.id)).toEqual([103])
  })

  it('clears a termination code of another status when the status changes, keeps a valid one', () => {
    const model = { ...emptyModel(), status: 1, terminationCodeId: 101 }
    expect(withStatus(model, 2, LOOKUPS.terminationCodes).terminationCodeId).toBeNull()
    expect(withStatus(model, 1, LOOKUPS.terminationCodes).terminationCodeId).toBe(101)
  })

  it('cascades category to sub-category and clears a sub-category of another category', () => {
    expect(subCategoriesOf(LOOKUPS, null)).toEqual([])
    expect(subCategoriesOf(LOOKUPS, 1).map((s) => s.id)).toEqual([11, 12])
    const model = { ...emptyModel(), categoryId: 1, subCategoryId: 11 }
    expect(withCategory(model, 2, LOOKUPS)).toMatchObject({ categoryId: 2, subCategoryId: null })
    expect(withCategory(model, 1, LOOKUPS)).toMatchObject({ categoryId: 1, subCategoryId: 11 })
  })

  it('finds the category of a ticket that only names its sub-category', () => {
    const m = modelFromTicket(ticket({ category_id: null, sub_category_id: 21 }), LOOKUPS)
    expect(m.categoryId).toBe(2)
  })

  it('brings back the status detail chosen for a status when the agent switches back to it', () => {
    const memory = new Map<number, number | null>()
    const start = { ...emptyModel(), status: 1, terminationCodeId: 102 }
    const away = withStatus(start, 2, LOOKUPS.terminationCodes, memory)
    expect(away.terminationCodeId).toBeNull()
    const back = withStatus(away, 1, LOOKUPS.terminationCodes, memory)
    expect(back.terminationCodeId).toBe(102)
    // So away and back is no change at all: nothing sends termination_code_id: null.
    expect(changedFields(start, back)).toEqual({})
  })

  it('saves a main category chosen alone, with the sub-category null', () => {
    const initial = modelFromTicket(
      ticket({ category_id: null, sub_category_id: null, sub_category: null, category: null }),
      LOOKUPS,
    )
    expect(initial.categoryId).toBeNull()
    const current = withCategory(initial, 2, LOOKUPS)
    expect(changedFields(initial, current)).toEqual({ category_id: 2, sub_category_id: null })
  })

  it('sends only the fields that changed, with API names', () => {
    const initial = modelFromTicket(ticket(), LOOKUPS)
    const current = {
      ...initial,
      status: 2,
      terminationCodeId: 103,
      handlerId: 8,
      statusMemo: '  ',
    }
    expect(changedFields(initial, current)).toEqual({
      status: 2,
      termination_code_id: 103,
      handler_id: 8,
    })
    expect(changedFields(initial, { ...initial })).toEqual({})
  })

  it('keeps the due time exactly as typed (no zone shift) and clears fields with null', () => {
    const initial = modelFromTicket(ticket(), LOOKUPS)
    expect(changedFields(initial, { ...initial, dueAt: '2030-02-03 04:05:06' })).toEqual({
      due_at: '2030-02-03 04:05:06',
    })
    expect(changedFields(initial, { ...initial, dueAt: null, subCategoryId: null })).toEqual({
      due_at: null,
      sub_category_id: null,
    })
  })

  it('builds a create body with subject and content trimmed and unset fields left out', () => {
    const body = toCreateInput({
      ...emptyModel(),
      subject: ' 退款 ',
      content: '內容 ',
      priority: 3,
    })
    expect(body).toEqual({ subject: '退款', content: '內容', status: 0, priority: 3 })
  })

  it("maps the server's 422 field names onto form fields", () => {
    expect(
      fieldErrors({ subject: ['主旨太長'], sub_category_id: ['子分類不存在'], foo: ['x'] }),
    ).toEqual({ subject: '主旨太長', subCategoryId: '子分類不存在', _: 'x' })
  })
})
