/**
 * The sandbox's lookup records: the document's verbatim ones plus deterministic generated
 * employees, sponsors and contacts, and the projections tickets embed.
 */
import type {
  CategoryRef,
  Contact,
  Employee,
  Sponsor,
  SubCategory,
  TerminationCode,
} from '../../shared/domain/api-schemas'
import {
  DOC_CATEGORIES,
  DOC_CONTACTS,
  DOC_EMPLOYEES,
  DOC_GROUPS,
  DOC_SPONSORS,
  DOC_SUB_CATEGORIES,
  DOC_TERMINATION_CODES,
} from './doc-records'
import { Random } from './random'

export {
  DOC_CATEGORIES,
  DOC_CONTACTS,
  DOC_EMPLOYEES,
  DOC_SPONSORS,
  DOC_SUB_CATEGORIES,
  DOC_TERMINATION_CODES,
}

export interface Lookups {
  /** Employees in the /employee listing's full form, by id ascending (1..17). */
  employees: Employee[]
  contacts: Contact[]
  sponsors: Sponsor[]
  terminationCodes: TerminationCode[]
  categories: CategoryRef[]
  subCategories: SubCategory[]
}

/** Keys of an employee as embedded in a ticket (`creater`, `handler`), in the document's order. */
const EMBEDDED_EMPLOYEE_KEYS = [
  'id',
  'name',
  'first_name',
  'last_name',
  'employee_no',
  'photo_url',
  'identity_no',
  'job_title_id',
  'department_id',
  'extension_id',
  'extension',
  'group_id',
  'group',
  'cti_agent_account',
  'cti_agent',
  'created_at',
  'updated_at',
] as const

/** An employee as tickets embed it: without the listing-only fields (job_title, profile, ...). */
export function embedEmployee(employee: Employee): Employee {
  const out: Record<string, unknown> = {}
  for (const key of EMBEDDED_EMPLOYEE_KEYS) out[key] = employee[key] ?? null
  return out as Employee
}

export function embedSubCategory(sub: SubCategory): SubCategory {
  return {
    id: sub.id,
    name: sub.name ?? null,
    description: sub.description ?? null,
    category: sub.category ?? null,
    category_id: sub.category_id ?? null,
  }
}

const SURNAMES = [
  '陳',
  '林',
  '黃',
  '張',
  '李',
  '王',
  '吳',
  '劉',
  '蔡',
  '楊',
  '許',
  '鄭',
  '謝',
  '郭',
]
const GIVEN_NAMES = [
  '怡君',
  '雅婷',
  '志明',
  '家豪',
  '淑芬',
  '俊傑',
  '美玲',
  '建宏',
  '宜蓁',
  '冠宇',
  '佩珊',
  '承恩',
  '詩涵',
  '宗翰',
  '欣怡',
  '柏翰',
]

/** Taiwan's letter codes for the national id checksum. */
const ID_LETTER_CODES: Record<string, number> = {
  A: 10, B: 11, C: 12, D: 13, E: 14, F: 15, G: 16, H: 17, I: 34, J: 18, K: 19, L: 20, M: 21,
  N: 22, O: 35, P: 23, Q: 24, R: 25, S: 26, T: 27, U: 28, V: 29, W: 32, X: 30, Y: 31, Z: 33,
} // prettier-ignore

/** A well-formed (checksum-valid) but made-up national id number like A123456789. */
export function makeIdentityNo(rng: Random): string {
  const letter = rng.pick(Object.keys(ID_LETTER_CODES))
  const code = ID_LETTER_CODES[letter] ?? 10
  const digits = [rng.int(1, 2)]
  for (let i = 0; i < 7; i++) digits.push(rng.int(0, 9))
  let sum = Math.floor(code / 10) + (code % 10) * 9
  digits.forEach((d, i) => (sum += d * (8 - i)))
  const check = (10 - (sum % 10)) % 10
  return letter + digits.join('') + String(check)
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

function generatedEmployee(id: number, rng: Random): Employee {
  const english = id % 3 === 0
  const first = english
    ? rng.pick(['Amy', 'Kevin', 'Iris', 'Jason', 'Vivian', 'Leo'])
    : rng.pick(SURNAMES)
  const last = english ? rng.pick(['Chen', 'Lin', 'Wang', 'Huang']) : rng.pick(GIVEN_NAMES)
  const ext = 8005 + id
  const inSun1 = id >= 9
  const hasExtension = id % 5 !== 4
  const hasAgent = id % 4 !== 3
  return {
    id,
    name: `${first} ${last}`,
    first_name: first,
    last_name: last,
    employee_no: english ? `${first.toLowerCase()}${id}` : `e${pad(id, 4)}`,
    photo_url: id % 2 === 0 ? `/employee/${id}/photo` : null,
    identity_no: id % 4 === 0 ? makeIdentityNo(rng) : null,
    job_title_id: inSun1 ? 21 : -1,
    job_title: inSun1 ? { id: 21, abbrev: null, name: '銷售專員', description: null } : null,
    department_id: -1,
    department: null,
    extension_id: hasExtension ? 100 + id : -1,
    extension: hasExtension
      ? {
          id: 100 + id,
          type: 3,
          extension: String(ext),
          description: id % 6 === 0 ? '夜班' : null,
          media_cluster_id: null,
        }
      : null,
    profile: { id: 40 + id, phones: [] },
    is_active: id !== 13,
    role: id === 1 ? 'admin' : '',
    email: id % 3 === 0 ? `${first.toLowerCase()}.${id}@example.com` : null,
    group_id: inSun1 ? 3 : 2,
    group: inSun1 ? DOC_GROUPS.groupSun1 : DOC_GROUPS.groupB,
    is_immortal: id === 1,
    cti_agent_account: hasAgent ? `ag${ext}` : null,
    cti_agent: hasAgent ? { id: 100 + id, account: `ag${ext}`, group_id: null } : null,
    created_at: `2018-${pad(1 + (id % 12))}-${pad(1 + id)} 09:${pad(id * 3)}:00`,
    updated_at: `2019-04-${pad(1 + id)} 10:${pad(id * 2)}:00`,
  }
}

function generatedContact(id: number, rng: Random): Contact {
  const first = rng.pick(SURNAMES)
  const last = rng.pick(GIVEN_NAMES)
  const year = rng.int(1950, 2004)
  return {
    id,
    name: `${first} ${last}`,
    first_name: first,
    last_name: last,
    membership_no: rng.chance(0.6) ? `M${pad(rng.int(0, 9_999_999), 8)}` : null,
    identity_no: rng.chance(0.9) ? makeIdentityNo(rng) : null,
    gender: rng.chance(0.1) ? null : rng.int(0, 1),
    birth_at: rng.chance(0.15) ? null : `${year}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`,
    profile_id: rng.chance(0.1) ? null : 1000 + id,
    sponsor_id: rng.chance(0.1) ? null : rng.pick([1, 1, 2, 3]),
    disturb_setting: null,
  }
}

const EXTRA_SPONSORS: Sponsor[] = [
  {
    id: 2,
    name: '安心人壽',
    description: '壽險、意外險與理賠客服',
    is_immortal: false,
    mail_channels: [],
  },
  { id: 3, name: '速達網購', description: null, is_immortal: false, mail_channels: [] },
]

/** Builds every lookup list, deterministic for `seed`. Contacts 1-2 are the document's. */
export function buildLookups(options: { seed: number; contacts?: number }): Lookups {
  const rng = new Random(options.seed ^ 0x51f15e)
  const docIds = new Set(DOC_EMPLOYEES.map((e) => e.id))
  const employees: Employee[] = []
  for (let id = 1; id <= 17; id++) {
    employees.push(DOC_EMPLOYEES.find((e) => e.id === id) ?? generatedEmployee(id, rng))
  }
  if (employees.filter((e) => docIds.has(e.id)).length !== DOC_EMPLOYEES.length) {
    throw new Error('buildLookups: document employees missing')
  }
  const contacts: Contact[] = [...DOC_CONTACTS]
  const contactCount = options.contacts ?? 2000
  for (let id = 3; id <= contactCount; id++) contacts.push(generatedContact(id, rng))
  return {
    employees,
    contacts,
    sponsors: [...DOC_SPONSORS, ...EXTRA_SPONSORS],
    terminationCodes: DOC_TERMINATION_CODES,
    categories: DOC_CATEGORIES,
    subCategories: DOC_SUB_CATEGORIES,
  }
}
