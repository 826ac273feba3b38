/**
 * The vendor document's own example records (as in test/fixtures/api-examples), verbatim, so
 * the sandbox answers the document's requests with the document's data. Employees are kept in the
 * /employee listing's full form; tickets embed a projection of them (see lookups.ts).
 */
import type {
  Category,
  CategoryRef,
  Contact,
  Employee,
  Sponsor,
  SubCategory,
  TerminationCode,
} from '../../shared/domain/api-schemas'

const groupB = { id: 2, name: '測試B組', description: null, supervisor_id: 1 }
const groupSun1 = { id: 3, name: 'SUN1', description: null, supervisor_id: 9 }
const salesTitle = { id: 21, abbrev: null, name: '銷售專員', description: null }

/** Employees 2, 6, 7 (as embedded in tickets 66/67) and 15-17 (as listed by GET /employee). */
export const DOC_EMPLOYEES: Employee[] = [
  {
    id: 2,
    name: 'eason d',
    first_name: 'eason',
    last_name: 'd',
    employee_no: 'eason',
    photo_url: '/employee/2/photo',
    identity_no: null,
    job_title_id: -1,
    job_title: null,
    department_id: -1,
    department: null,
    extension_id: 2,
    extension: { id: 2, type: 3, extension: '8002', description: null, media_cluster_id: null },
    profile: { id: 4, phones: [] },
    is_active: true,
    role: '',
    email: null,
    group_id: 2,
    group: groupB,
    is_immortal: false,
    cti_agent_account: 'ag8002',
    cti_agent: { id: 2, account: 'ag8002', group_id: null },
    created_at: '2018-11-09 13:21:17',
    updated_at: '2019-04-15 15:10:10',
  },
  {
    id: 6,
    name: 'Karick Tung',
    first_name: 'Karick',
    last_name: 'Tung',
    employee_no: 'karick',
    photo_url: null,
    identity_no: null,
    job_title_id: -1,
    job_title: null,
    department_id: -1,
    department: null,
    extension_id: 5,
    extension: { id: 5, type: 3, extension: '8004', description: '井井', media_cluster_id: null },
    profile: { id: 8, phones: [] },
    is_active: true,
    role: '',
    email: null,
    group_id: 2,
    group: groupB,
    is_immortal: false,
    cti_agent_account: 'ag8004',
    cti_agent: { id: 4, account: 'ag8004', group_id: null },
    created_at: '2019-03-08 22:51:25',
    updated_at: '2019-04-17 13:31:00',
  },
  {
    id: 7,
    name: 'Tommy Hsu',
    first_name: 'Tommy',
    last_name: 'Hsu',
    employee_no: 'tommy',
    photo_url: '/employee/7/photo',
    identity_no: null,
    job_title_id: -1,
    job_title: null,
    department_id: -1,
    department: null,
    extension_id: 8,
    extension: { id: 8, type: 3, extension: '8005', description: null, media_cluster_id: null },
    profile: { id: 9, phones: [] },
    is_active: true,
    role: '',
    email: null,
    group_id: 2,
    group: groupB,
    is_immortal: false,
    cti_agent_account: 'ag8005',
    cti_agent: { id: 5, account: 'ag8005', group_id: null },
    created_at: '2019-04-12 12:51:34',
    updated_at: '2019-04-15 15:25:46',
  },
  ...[
    [15, '8016', 31, '2019-04-18 06:13:02', '2019-04-18 06:17:13'],
    [16, '8017', 30, '2019-04-18 06:13:24', '2019-04-18 06:17:02'],
    [17, '8018', 29, '2019-04-18 06:13:43', '2019-04-18 06:16:51'],
  ].map(([id, ext, profileId, createdAt, updatedAt]): Employee => ({
    id: id as number,
    name: `AG ${ext as string}`,
    first_name: 'AG',
    last_name: ext as string,
    employee_no: `ag${ext as string}`,
    photo_url: null,
    identity_no: null,
    job_title_id: 21,
    job_title: salesTitle,
    department_id: -1,
    department: null,
    extension_id: -1,
    extension: null,
    profile: { id: profileId as number, phones: [] },
    is_active: true,
    role: '',
    email: null,
    group_id: 3,
    group: groupSun1,
    is_immortal: false,
    cti_agent_account: null,
    cti_agent: null,
    created_at: createdAt as string,
    updated_at: updatedAt as string,
  })),
]

export const DOC_GROUPS = { groupB, groupSun1 }

export const DOC_CONTACTS: Contact[] = [
  {
    id: 1,
    name: '艾 魁爾',
    first_name: '艾',
    last_name: '魁爾',
    membership_no: null,
    identity_no: 'A123456789',
    gender: 0,
    birth_at: '1987-10-10',
    profile_id: 3,
    sponsor_id: 1,
    disturb_setting: null,
  },
  {
    id: 2,
    name: '小 閎',
    first_name: '小',
    last_name: '閎',
    membership_no: null,
    identity_no: 'A123456789',
    gender: 0,
    birth_at: '1987-10-10',
    profile_id: 3,
    sponsor_id: 1,
    disturb_setting: null,
  },
]

export const DOC_SPONSORS: Sponsor[] = [
  { id: 1, name: 'default', description: null, is_immortal: true, mail_channels: [] },
]

export const DOC_TERMINATION_CODES: TerminationCode[] = [
  [1, '尚未知曉', 0],
  [2, '已知曉', 0],
  [3, '討論中', 1],
  [4, '正在寫', 1],
  [5, '確認可否處理', 0],
  [6, '放棄', 3],
  [7, '還有些東西未來處理', 2],
  [8, '搞定', 2],
].map(([id, name, status]) => ({
  id: id as number,
  name: name as string,
  description: null,
  status: status as number,
  creater_id: 1,
}))

export const DOC_CATEGORIES: CategoryRef[] = [
  { id: 1, name: '電話功能', description: null },
  { id: 2, name: '理賠相關', description: null },
  { id: 3, name: 'PA 相關', description: null },
  { id: 4, name: '配送', description: null },
  { id: 5, name: '電子郵件', description: '電子郵件相關的功能' },
]

/** Sub-categories as GET /subcategory lists them: 24 has no category. */
export const DOC_SUB_CATEGORIES: SubCategory[] = (
  [
    [21, '保費計算方式', null, 3],
    [22, '最新優惠', null, 3],
    [23, '時效', null, 2],
    [24, '測試子分類', '測試子分類', null],
    [25, '地區', null, 4],
    [26, '建議', null, 1],
    [27, '後端程式BUG', '待修正處理的 BUG', 5],
  ] as const
).map(([id, name, description, categoryId]) => ({
  id,
  name,
  description,
  category: DOC_CATEGORIES.find((c) => c.id === categoryId) ?? null,
  category_id: categoryId,
}))

/** GET /category's items: each category with its sub-categories (id, name, description). */
export function docCategoriesWithChildren(): Category[] {
  return DOC_CATEGORIES.map((c) => ({
    ...c,
    children: DOC_SUB_CATEGORIES.filter((s) => s.category_id === c.id).map((s) => ({
      id: s.id,
      name: s.name,
      description: s.description,
    })),
  }))
}
