/**
 * Call-center ticket texts by topic: Traditional Chinese mostly, some English, with slots filled
 * per ticket so subjects repeat realistically but contents differ.
 */
import type { Random } from './random'

export interface Topic {
  /** Sub-category ids this topic files under; null means "not filed". */
  subCategoryIds: readonly (number | null)[]
  subjects: readonly string[]
  openings: readonly string[]
  details: readonly string[]
}

export const TOPICS: readonly Topic[] = [
  {
    subCategoryIds: [23, 23, null],
    subjects: [
      '理賠申請進度查詢',
      '理賠文件補件',
      '住院理賠金額有疑問',
      '理賠時效詢問',
      '車禍理賠申請',
      'Claim status inquiry',
    ],
    openings: [
      '客戶來電詢問{month}月送件的理賠目前進度,表示已超過兩週未收到通知。',
      '客戶表示已將診斷證明書與收據正本寄回,想確認是否收到。',
      '客戶對理賠金額 {amount} 元有疑問,認為少算了住院日額。',
      'Customer called about claim no. {no}; documents were sent on {date}.',
    ],
    details: [
      '已查詢系統,文件於 {date} 收件,目前審核中。',
      '請客戶補上醫療收據副本及存摺封面影本。',
      '已轉理賠部門確認,預計三個工作天內回覆。',
      '告知客戶理賠申請時效為事故發生日起兩年。',
      'Explained the review usually takes 10 working days.',
    ],
  },
  {
    subCategoryIds: [21, 22, 21],
    subjects: [
      '保費扣款失敗',
      '保費計算方式說明',
      '詢問最新優惠方案',
      '保費繳費通知未收到',
      '信用卡自動扣繳變更',
      'Premium payment question',
    ],
    openings: [
      '客戶反映本月保費 {amount} 元重複扣款,要求退回多扣的款項。',
      '客戶詢問年繳改月繳後保費如何計算。',
      '客戶想了解目前是否有續保優惠,家中有兩台車投保。',
      'Customer asked why the premium increased to {amount} TWD this year.',
    ],
    details: [
      '已說明保費依年齡級距調整,並寄送試算表至客戶信箱。',
      '請客戶提供新卡號,已協助變更自動扣繳設定。',
      '已向客戶說明優惠期限至本月底。',
      '客戶要求書面說明,已安排郵寄。',
    ],
  },
  {
    subCategoryIds: [25, 25, null],
    subjects: [
      '包裹配送延遲',
      '配送地址變更',
      '商品未送達',
      '偏遠地區配送詢問',
      '貨到付款問題',
      'Delivery delayed',
    ],
    openings: [
      '客戶訂單 {no} 原定 {date} 送達,至今尚未收到。',
      '客戶要求將配送地址改為公司地址:台北市信義區松仁路 {amount} 號。',
      '客戶表示物流顯示已送達,但管理室並未簽收。',
      'Customer in Hualien asked whether remote-area delivery costs extra.',
    ],
    details: [
      '已聯繫物流,預計明日下午配送。',
      '地址已更新,請客戶留意簡訊通知。',
      '已申請補寄,單號 {no}。',
      '告知客戶離島及偏遠地區需多 2-3 個工作天。',
    ],
  },
  {
    subCategoryIds: [22, null, null],
    subjects: ['申請退款', '退款進度查詢', '取消訂單並退款', '退貨退款流程', 'Refund request'],
    openings: [
      '客戶要求取消訂單 {no} 並全額退款 {amount} 元。',
      '客戶退貨已於 {date} 寄回,詢問退款何時入帳。',
      'Customer asks for a refund of {amount} TWD for a duplicate charge.',
    ],
    details: [
      '已建立退款申請,刷退約需 7-14 個工作天。',
      '倉庫已收到退貨,退款將退回原付款方式。',
      '客戶不接受購物金,堅持退回信用卡。',
    ],
  },
  {
    subCategoryIds: [26, 26, 24],
    subjects: [
      '無法通話',
      '通話中斷',
      '分機無法撥出',
      '來電顯示異常',
      '語音信箱無法設定',
      'Cannot make calls',
    ],
    openings: [
      '客戶反映手機自 {date} 起無法撥出電話,但可以接聽。',
      '客戶表示通話約三十秒後就會自動斷線。',
      '分機 {no} 撥外線時出現忙音。',
      'Customer reports calls drop after a few seconds since the last update.',
    ],
    details: [
      '已請客戶重新開機並重插 SIM 卡,問題仍在。',
      '已開立障礙單,工程人員將於 24 小時內聯繫。',
      '經測試為基地台異常,已回報網路維運。',
      '#處理完成',
    ],
  },
  {
    subCategoryIds: [27, 27, null],
    subjects: ['收不到電子郵件通知', '電子帳單寄送失敗', '信箱變更', 'Email bounce'],
    openings: [
      '客戶表示沒有收到 {month} 月的電子帳單。',
      '客戶要求將通知信箱改為 {email}。',
      'Mail to the customer bounced with "mailbox full".',
    ],
    details: [
      '已確認寄送紀錄,信件被歸類為垃圾郵件。',
      '已更新信箱並重寄帳單。',
      '回報後端程式 BUG,待工程師修正。',
    ],
  },
]

/** Lines of a call log, repeated to build the occasional very long content. */
const LOG_LINES = [
  '{date} 客戶來電,重述問題。',
  '{date} 回撥客戶未接,留言請客戶回電。',
  '{date} 已寄送簡訊通知處理進度。',
  '{date} Customer called again asking for an update.',
  '{date} 主管已核准特殊處理。',
]

export const STATUS_MEMOS = [
  '等待客戶回覆',
  '待主管核准',
  '已轉相關部門',
  '客戶要求下午再聯絡',
  'Waiting for logistics',
]

export const INTERACTION_MEMOS = ['客戶情緒激動', '已完成身分驗證', '轉接二線', '這次不知道幹嘛']

export function fillSlots(text: string, rng: Random, date: string): string {
  return text
    .replace('{month}', String(rng.int(1, 12)))
    .replace('{amount}', String(rng.int(3, 480) * 100))
    .replace('{no}', String(rng.int(100000, 999999)))
    .replace('{date}', date.slice(0, 10))
    .replace('{email}', `user${rng.int(1, 9999)}@example.com`)
}

/** Content of one ticket: single-line, multi-line, or (rarely) a very long call log. */
export function makeContent(topic: Topic, rng: Random, date: string): string {
  const opening = fillSlots(rng.pick(topic.openings), rng, date)
  const shape = rng.next()
  if (shape < 0.3) return opening
  const lines = [opening]
  const extra = rng.int(1, 3)
  for (let i = 0; i < extra; i++) lines.push(fillSlots(rng.pick(topic.details), rng, date))
  if (shape > 0.985) {
    // A very long content (a pasted call log, ~10-30 KB) to exercise wrapping and storage.
    const count = rng.int(200, 600)
    for (let i = 0; i < count; i++) lines.push(fillSlots(rng.pick(LOG_LINES), rng, date))
  }
  return lines.join('\n')
}
