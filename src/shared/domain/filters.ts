/**
 * The queue's filters, one entry each: which `TicketFilters` fields it owns, what kind of value it
 * holds, the cache column and the API parameters it maps to, and its label. The SQL builder
 * (main/core/db/ticket-where.ts), the filter chips and the filter drawer all read this table, so
 * a new filter is one entry here plus its field in `ticketFiltersSchema`.
 *
 * Plain data and small pure functions: no SQL (the builder turns `kind` + `column` into SQL).
 */
import type { TicketFilters } from './queue'

/**
 * How a filter's value looks and how it narrows the tickets:
 * - `text`: free text, matched by the search index (not a column condition);
 * - `codes` / `ids`: a set of status or priority codes / of record ids, any of them (`IN`);
 * - `id`: one record id (`=`);
 * - `missing`: the column is empty (`IS NULL`); with its `anyOf` filter set, either of the two;
 * - `range`: wall-clock bounds `[from, to]`, both inclusive, either may be left out.
 */
export type FilterKind = 'text' | 'codes' | 'ids' | 'id' | 'missing' | 'range'

/** Where a chip finds the words for a value: a code's locale key, a lookup list, or as is. */
export type FilterValueSource =
  | 'text'
  | 'status'
  | 'priority'
  | 'employee'
  | 'contact'
  | 'sponsor'
  | 'terminationCode'
  | 'category'
  | 'subCategory'
  | 'unassigned'
  | 'dateRange'

/** Cache columns a filter may test (the hot `tickets` table's). */
export type FilterColumn =
  | 'status'
  | 'priority'
  | 'handler_id'
  | 'creater_id'
  | 'sponsor_id'
  | 'termination_code_id'
  | 'contact_id'
  | 'category_id'
  | 'sub_category_id'
  | 'due_at'
  | 'created_at'

/** The vendor API's ticket listing parameters that a queue filter maps to. */
export type FilterApiParam =
  | 'search'
  | 'statuses'
  | 'handler_ids'
  | 'creater_ids'
  | 'sponsor_id'
  | 'termination_code_ids'
  | 'contact_id'
  | 'created_at__start'
  | 'created_at__end'
  | 'due_at__start'
  | 'due_at__end'

export type FilterField = keyof TicketFilters
type ArrayField = {
  [K in FilterField]-?: NonNullable<TicketFilters[K]> extends number[] ? K : never
}[FilterField]

export interface FilterDescriptor {
  /** Stable name: chip ids start with it (`statuses:0`, `created`). */
  key: string
  kind: FilterKind
  /** The `TicketFilters` fields this filter owns; a range's are `[from, to]`. */
  fields: readonly FilterField[]
  /** The cache column it tests; null for text search. */
  column: FilterColumn | null
  /** The vendor API's listing parameters for it (a range's: start, end); empty: the API has none. */
  api: readonly FilterApiParam[]
  /**
   * Locale key of the filter's name (the drawer's label, the chip's name): the label of the API
   * field it tests (`field.<column>`), so a field has one name wherever it appears.
   */
  labelKey: string
  values: FilterValueSource
  /** Fields removed with this filter: a sub-category belongs to its category. */
  alsoClears: readonly FilterField[]
  /** For `missing`: the ids filter it is OR-ed with ("these handlers or none"); else null. */
  anyOf: FilterField | null
}

function entry(
  d: Omit<FilterDescriptor, 'alsoClears' | 'anyOf' | 'labelKey'> & Partial<FilterDescriptor>,
): FilterDescriptor {
  const labelKey = d.labelKey ?? (d.column ? `field.${d.column}` : null)
  if (!labelKey) throw new Error(`queue filter "${d.key}" needs a column or a label`)
  return { alsoClears: [], anyOf: null, ...d, labelKey }
}

/** Every queue filter, in the order the chips and the drawer show them. */
export const FILTERS: readonly FilterDescriptor[] = [
  entry({
    key: 'search',
    kind: 'text',
    fields: ['search'],
    column: null,
    api: ['search'],
    labelKey: 'queue.filter.search',
    values: 'text',
  }),
  entry({
    key: 'statuses',
    kind: 'codes',
    fields: ['statuses'],
    column: 'status',
    api: ['statuses'],
    values: 'status',
  }),
  entry({
    key: 'priorities',
    kind: 'codes',
    fields: ['priorities'],
    column: 'priority',
    api: [],
    values: 'priority',
  }),
  entry({
    key: 'handlerIds',
    kind: 'ids',
    fields: ['handlerIds'],
    column: 'handler_id',
    api: ['handler_ids'],
    values: 'employee',
  }),
  entry({
    key: 'unassigned',
    kind: 'missing',
    fields: ['unassigned'],
    column: 'handler_id',
    api: [],
    values: 'unassigned',
    anyOf: 'handlerIds',
  }),
  entry({
    key: 'createrIds',
    kind: 'ids',
    fields: ['createrIds'],
    column: 'creater_id',
    api: ['creater_ids'],
    values: 'employee',
  }),
  entry({
    key: 'sponsorId',
    kind: 'id',
    fields: ['sponsorId'],
    column: 'sponsor_id',
    api: ['sponsor_id'],
    values: 'sponsor',
  }),
  entry({
    key: 'terminationCodeIds',
    kind: 'ids',
    fields: ['terminationCodeIds'],
    column: 'termination_code_id',
    api: ['termination_code_ids'],
    values: 'terminationCode',
  }),
  entry({
    key: 'contactId',
    kind: 'id',
    fields: ['contactId'],
    column: 'contact_id',
    api: ['contact_id'],
    values: 'contact',
  }),
  entry({
    key: 'categoryId',
    kind: 'id',
    fields: ['categoryId'],
    column: 'category_id',
    api: [],
    values: 'category',
    alsoClears: ['subCategoryId'],
  }),
  entry({
    key: 'subCategoryId',
    kind: 'id',
    fields: ['subCategoryId'],
    column: 'sub_category_id',
    api: [],
    values: 'subCategory',
  }),
  entry({
    key: 'created',
    kind: 'range',
    fields: ['createdFrom', 'createdTo'],
    column: 'created_at',
    api: ['created_at__start', 'created_at__end'],
    values: 'dateRange',
  }),
  entry({
    key: 'due',
    kind: 'range',
    fields: ['dueFrom', 'dueTo'],
    column: 'due_at',
    api: ['due_at__start', 'due_at__end'],
    values: 'dateRange',
  }),
]

/** The descriptor named `key`; throws for a name that is not in the table (a programming error). */
export function filterByKey(key: string): FilterDescriptor {
  const found = FILTERS.find((d) => d.key === key)
  if (!found) throw new Error(`No queue filter named "${key}"`)
  return found
}

/** Whether `filters` sets this filter (an empty list or a false flag does not). */
export function isFilterSet(filters: TicketFilters, d: FilterDescriptor): boolean {
  return d.fields.some((field) => {
    const value = filters[field]
    if (Array.isArray(value)) return value.length > 0
    if (typeof value === 'string') return value !== ''
    return value !== undefined && value !== false
  })
}

/** The filters `filters` sets, in table order. */
export function activeFilters(filters: TicketFilters): FilterDescriptor[] {
  return FILTERS.filter((d) => isFilterSet(filters, d))
}

/** The values of a `codes` or `ids` filter (empty when unset or another kind). */
export function filterValues(filters: TicketFilters, d: FilterDescriptor): number[] {
  if (d.kind !== 'codes' && d.kind !== 'ids') return []
  const value = filters[d.fields[0] as ArrayField]
  return value ? [...value] : []
}

/** `filters` without this filter (and what it also clears). */
export function clearFilter(filters: TicketFilters, d: FilterDescriptor): TicketFilters {
  const next = { ...filters }
  for (const field of [...d.fields, ...d.alsoClears]) delete next[field]
  return next
}

/** `filters` with one value taken out of a `codes` or `ids` filter; cleared when none is left. */
export function withoutValue(
  filters: TicketFilters,
  d: FilterDescriptor,
  value: number,
): TicketFilters {
  const left = filterValues(filters, d).filter((v) => v !== value)
  if (left.length === 0) return clearFilter(filters, d)
  return { ...filters, [d.fields[0] as ArrayField]: left }
}
