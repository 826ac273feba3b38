/**
 * A ticket's words in both languages: each field's label and the codes' labels. The renderer's
 * locale files take their `field`, `status` and `priority` sections from here, and the export
 * writes its headers and labels from the same words, so a spreadsheet says what the screen says.
 */
import type { Language } from './choices'

export interface TicketTexts {
  field: {
    id: string
    subject: string
    content: string
    status: string
    priority: string
    termination_code_id: string
    status_memo: string
    category_id: string
    sub_category_id: string
    handler_id: string
    sponsor_id: string
    due_at: string
    contact_id: string
    creater_id: string
    created_at: string
    updated_at: string
    membership_no: string
    identity_no: string
  }
  status: { pending: string; inProgress: string; resolved: string; closed: string; unknown: string }
  priority: { low: string; medium: string; high: string; urgent: string; unknown: string }
}

/** Traditional Chinese first. */
export const TICKET_TEXTS: Record<Language, TicketTexts> = {
  'zh-TW': {
    field: {
      id: '編號',
      subject: '主旨',
      content: '內容',
      status: '狀態',
      priority: '優先順序',
      termination_code_id: '狀態細項',
      status_memo: '狀態備註',
      category_id: '主分類',
      sub_category_id: '子分類',
      handler_id: '處理人',
      sponsor_id: '業主',
      due_at: '到期時間',
      contact_id: '客戶',
      creater_id: '建立人',
      created_at: '建立時間',
      updated_at: '更新時間',
      membership_no: '會員編號',
      identity_no: '身分證字號',
    },
    status: {
      pending: '待處理',
      inProgress: '處理中',
      resolved: '已解決',
      closed: '已關閉',
      unknown: '未知',
    },
    priority: { low: '低', medium: '中', high: '高', urgent: '緊急', unknown: '未知' },
  },
  en: {
    field: {
      id: 'ID',
      subject: 'Subject',
      content: 'Content',
      status: 'Status',
      priority: 'Priority',
      termination_code_id: 'Status detail',
      status_memo: 'Status memo',
      category_id: 'Category',
      sub_category_id: 'Sub-category',
      handler_id: 'Handler',
      sponsor_id: 'Sponsor',
      due_at: 'Due',
      contact_id: 'Contact',
      creater_id: 'Created by',
      created_at: 'Created',
      updated_at: 'Updated',
      membership_no: 'Membership number',
      identity_no: 'National id number',
    },
    status: {
      pending: 'Pending',
      inProgress: 'In progress',
      resolved: 'Resolved',
      closed: 'Closed',
      unknown: 'Unknown',
    },
    priority: { low: 'Low', medium: 'Medium', high: 'High', urgent: 'Urgent', unknown: 'Unknown' },
  },
}
