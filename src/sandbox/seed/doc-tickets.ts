/** Tickets 66 and 67 of the document's search example, rebuilt verbatim from the lookups. */
import type { Interaction, Ticket } from '../../shared/domain/api-schemas'
import { assembleTicket, type LookupIndex } from './assemble-ticket'

interface InteractionData {
  id: number
  is_acw_completed: boolean
  first_enter_queue_at: string
  acw_at: string
  last_finished_at: string
  handler_id: number
  contact_id: number | null
  memo: string | null
  bound_type: number
  sponsor_id: number
  campaign_queue_id: null
  result_id: number
}

function interaction(index: LookupIndex, data: InteractionData): Interaction {
  const { id, is_acw_completed, first_enter_queue_at, acw_at, last_finished_at, handler_id } = data
  return {
    id,
    is_acw_completed,
    first_enter_queue_at,
    acw_at,
    last_finished_at,
    handler_id,
    handler: index.employees.get(handler_id) ?? null,
    contact_id: data.contact_id,
    memo: data.memo,
    bound_type: data.bound_type,
    sponsor_id: data.sponsor_id,
    campaign_queue_id: data.campaign_queue_id,
    result_id: data.result_id,
  }
}

export function docTickets(index: LookupIndex): Ticket[] {
  const t67 = assembleTicket(
    {
      id: 67,
      subject: '無法通話',
      content: '無法通話\n#處理完成',
      due_at: null,
      status: 0,
      status_memo: null,
      priority: 0,
      contact_id: null,
      sub_category_id: 26,
      creater_id: 7,
      handler_id: 7,
      sponsor_id: 1,
      created_at: '2019-04-16 14:45:12',
      updated_at: '2019-04-18 16:54:16',
      termination_code_id: null,
    },
    index,
    [
      interaction(index, {
        id: 149,
        is_acw_completed: true,
        first_enter_queue_at: '2019-04-18 16:51:57',
        acw_at: '2019-04-18 16:54:57',
        last_finished_at: '2019-04-18 16:52:10',
        handler_id: 7,
        contact_id: null,
        memo: null,
        bound_type: 1,
        sponsor_id: 1,
        campaign_queue_id: null,
        result_id: 2,
      }),
    ],
  )
  const t66 = assembleTicket(
    {
      id: 66,
      subject: '工單 for TEST',
      content: '內容內容內容內容內容內容內容內容111111',
      due_at: null,
      status: 2,
      status_memo: null,
      priority: 0,
      contact_id: 2,
      sub_category_id: 23,
      creater_id: 6,
      handler_id: null,
      sponsor_id: 1,
      created_at: '2019-04-16 14:22:13',
      updated_at: '2019-04-17 12:39:53',
      termination_code_id: 5,
    },
    index,
    [
      interaction(index, {
        id: 108,
        is_acw_completed: true,
        first_enter_queue_at: '2019-04-16 14:18:24',
        acw_at: '2019-04-16 14:23:06',
        last_finished_at: '2019-04-16 14:18:49',
        handler_id: 6,
        contact_id: 2,
        memo: null,
        bound_type: 1,
        sponsor_id: 1,
        campaign_queue_id: null,
        result_id: 2,
      }),
      interaction(index, {
        id: 121,
        is_acw_completed: true,
        first_enter_queue_at: '2019-04-16 15:36:59',
        acw_at: '2019-04-16 15:54:48',
        last_finished_at: '2019-04-16 15:54:48',
        handler_id: 2,
        contact_id: 2,
        memo: '這次不知道幹嘛',
        bound_type: 1,
        sponsor_id: 1,
        campaign_queue_id: null,
        result_id: 2,
      }),
    ],
  )
  return [t66, t67]
}
