/** The lookup lists: replaced whole and atomically on every sync, read in the server's order. */
import type {
  Category,
  CategoryRef,
  Employee,
  Sponsor,
  SubCategory,
  TerminationCode,
} from '../../../shared/domain/api-schemas'
import type { Lookups } from '../../../shared/contract/contract'
import type { Db } from './open-database'
import { employeeSearchKey } from './people-search'
import { stmt } from './statements'
import { personName } from '../../../shared/domain/people'

export interface LookupLists {
  categories: Category[]
  subCategories: SubCategory[]
  terminationCodes: TerminationCode[]
  sponsors: Sponsor[]
  employees: Employee[]
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

/** Replaces every list in one transaction: readers see the old lists or the new, never a mix. */
export function replaceLookups(db: Db, lists: LookupLists): void {
  db.transaction(() => {
    for (const table of ['categories', 'sub_categories', 'termination_codes', 'sponsors']) {
      db.exec(`DELETE FROM ${table}`)
    }
    lists.categories.forEach((c, i) => {
      stmt(
        db,
        'INSERT OR REPLACE INTO categories (id, position, name, json) VALUES (?, ?, ?, ?)',
      ).run(c.id, i, text(c.name), JSON.stringify(c))
    })
    lists.subCategories.forEach((s, i) => {
      const categoryId = s.category_id ?? s.category?.id ?? null
      stmt(
        db,
        `INSERT OR REPLACE INTO sub_categories (id, position, category_id, name, json)
         VALUES (?, ?, ?, ?, ?)`,
      ).run(s.id, i, categoryId, text(s.name), JSON.stringify(s))
    })
    lists.terminationCodes.forEach((t, i) => {
      stmt(
        db,
        `INSERT OR REPLACE INTO termination_codes (id, position, status, name, json)
         VALUES (?, ?, ?, ?, ?)`,
      ).run(t.id, i, t.status ?? null, text(t.name), JSON.stringify(t))
    })
    lists.sponsors.forEach((s, i) => {
      stmt(
        db,
        'INSERT OR REPLACE INTO sponsors (id, position, name, json) VALUES (?, ?, ?, ?)',
      ).run(s.id, i, text(s.name), JSON.stringify(s))
    })
    // Employees no longer listed stay known (tickets still name them) but leave the list.
    db.exec('UPDATE employees SET from_list = 0, position = NULL WHERE from_list = 1')
    lists.employees.forEach((e, i) => {
      stmt(
        db,
        `INSERT INTO employees
           (id, from_list, position, name, employee_no, group_name, search_key, json)
         VALUES (?, 1, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET from_list = 1, position = excluded.position,
           name = excluded.name, employee_no = excluded.employee_no,
           group_name = excluded.group_name, search_key = excluded.search_key,
           json = excluded.json`,
      ).run(
        e.id,
        i,
        personName(e),
        text(e.employee_no),
        text(e.group?.name),
        employeeSearchKey(e),
        JSON.stringify(e),
      )
    })
  })()
}

function parseAll<T>(rows: unknown[]): T[] {
  return (rows as { json: string }[]).map((r) => JSON.parse(r.json) as T)
}

function childRef(child: CategoryRef): CategoryRef {
  return { id: child.id, name: child.name ?? null, description: child.description ?? null }
}

/**
 * The lists in the contract's shape. A category's children are those of its /category entry
 * plus those the /subcategory list places under it (the two may disagree; none is dropped).
 */
export function getLookups(db: Db): Lookups {
  const categories = parseAll<Category>(
    stmt(db, 'SELECT json FROM categories ORDER BY position').all(),
  )
  const subCategories = parseAll<SubCategory>(
    stmt(db, 'SELECT json FROM sub_categories ORDER BY position').all(),
  )
  const result: Lookups['categories'] = categories.map((c) => {
    const children = new Map<number, CategoryRef>()
    for (const child of c.children ?? []) children.set(child.id, childRef(child))
    for (const s of subCategories) {
      const parent = s.category_id ?? s.category?.id ?? null
      if (parent === c.id && !children.has(s.id)) children.set(s.id, childRef(s))
    }
    return {
      id: c.id,
      name: c.name ?? null,
      description: c.description ?? null,
      children: [...children.values()],
    }
  })
  return {
    categories: result,
    terminationCodes: parseAll<TerminationCode>(
      stmt(db, 'SELECT json FROM termination_codes ORDER BY position').all(),
    ),
    sponsors: parseAll<Sponsor>(stmt(db, 'SELECT json FROM sponsors ORDER BY position').all()),
    employees: stmt(
      db,
      `SELECT id, name, employee_no AS employeeNo, group_name AS groupName
       FROM employees WHERE from_list = 1 ORDER BY position`,
    ).all() as Lookups['employees'],
  }
}
