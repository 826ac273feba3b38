import { describe, expect, it } from 'vitest'
import { fillTemplate, matchTemplates, type Template } from '../../src/shared/domain/templates'

const t = (id: number, title: string, body: string, shortcut: string | null = null): Template => ({
  id,
  title,
  body,
  shortcut,
  position: id,
})

describe('fillTemplate', () => {
  it('fills every variable, empties a missing value and leaves an unknown name as typed', () => {
    const body =
      '{{caller}} 您好，工單 #{{ticket_id}} 由 {{ me }} 處理，{{today}} 起算，期限 {{due}}。{{nope}}'
    expect(
      fillTemplate(body, { caller: '王小明', ticket_id: 3450, me: '陳美玲', today: '2026-06-01' }),
    ).toBe('王小明 您好，工單 #3450 由 陳美玲 處理，2026-06-01 起算，期限 。{{nope}}')
  })
})

describe('matchTemplates', () => {
  const all = [
    t(1, '退款說明', '退款將於七個工作天內退回'),
    t(2, 'Closing', 'Thank you', 'bye'),
    t(3, '再見', 'bye bye'),
  ]
  it('matches every word in title, body or shortcut with the queue search normalisation', () => {
    expect(matchTemplates(all, '退款　工作天').map((x) => x.id)).toEqual([1])
    expect(matchTemplates(all, 'ＴＨＡＮＫ').map((x) => x.id)).toEqual([2])
    expect(matchTemplates(all, '').map((x) => x.id)).toEqual([1, 2, 3])
  })
  it('puts an exact shortcut first', () => {
    expect(matchTemplates(all, 'bye').map((x) => x.id)).toEqual([2, 3])
    expect(
      matchTemplates([all[2] as Template, all[1] as Template], 'bye').map((x) => x.id),
    ).toEqual([2, 3])
  })
})
