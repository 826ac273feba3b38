/**
 * The queue's filters as the screens show them, read from the one filter table (FILTERS): the
 * chips (one removable chip per active value), the drawer's rows and the drawer button's count.
 */
import type { Lookups } from '../../../../../shared/contract/contract'
import {
  isPriority,
  isTicketStatus,
  PRIORITY_KEYS,
  STATUS_KEYS,
} from '../../../../../shared/domain/codes'
import {
  activeFilters,
  clearFilter,
  FILTERS,
  filterValues,
  withoutValue,
  type FilterDescriptor,
} from '../../../../../shared/domain/filters'
import type { TicketFilters } from '../../../../../shared/domain/queue'

export interface FilterChip {
  /** Stable key for v-for and tests: `statuses:0`, `search`, `due`... */
  id: string
  /** Locale key of the filter's name. */
  nameKey: string
  /** The value as shown: either already text or a locale key to translate. */
  value: string
  valueIsKey: boolean
  remove: (filters: TicketFilters) => TicketFilters
}

export interface ChipNames {
  employee: (id: number) => string
  contact: (id: number) => string
}

type ChipValue = Pick<FilterChip, 'value' | 'valueIsKey'>

/** The words for one value of a `codes`, `ids` or `id` filter. */
function idValue(d: FilterDescriptor, id: number, lookups: Lookups, names: ChipNames): ChipValue {
  const text = (name: string | null | undefined): ChipValue => ({
    value: name ?? `#${id}`,
    valueIsKey: false,
  })
  switch (d.values) {
    case 'status':
      return {
        value: `status.${isTicketStatus(id) ? STATUS_KEYS[id] : 'unknown'}`,
        valueIsKey: true,
      }
    case 'priority':
      return {
        value: `priority.${isPriority(id) ? PRIORITY_KEYS[id] : 'unknown'}`,
        valueIsKey: true,
      }
    case 'employee':
      return text(names.employee(id))
    case 'contact':
      return text(names.contact(id))
    case 'sponsor':
      return text(lookups.sponsors.find((s) => s.id === id)?.name)
    case 'terminationCode':
      return text(lookups.terminationCodes.find((c) => c.id === id)?.name)
    case 'category':
      return text(lookups.categories.find((c) => c.id === id)?.name)
    case 'subCategory':
      return text(lookups.categories.flatMap((c) => c.children).find((s) => s.id === id)?.name)
    default:
      return text(null)
  }
}

/** The words for a filter that is one chip whatever its value (text, a flag, a range). */
function wholeValue(d: FilterDescriptor, filters: TicketFilters): ChipValue {
  // A missing filter's words are its own: queue.unassigned, queue.uncategorized.
  if (d.kind === 'missing') return { value: `queue.${d.key}`, valueIsKey: true }
  if (d.kind === 'range') {
    const [from, to] = d.fields.map((f) => filters[f] as string | undefined)
    return { value: `${from?.slice(0, 10) ?? '…'} – ${to?.slice(0, 10) ?? '…'}`, valueIsKey: false }
  }
  return { value: String(filters[d.fields[0]!] ?? ''), valueIsKey: false }
}

/** The chips for `filters`, in the table's order. */
export function filterChips(
  filters: TicketFilters,
  lookups: Lookups,
  names: ChipNames,
): FilterChip[] {
  const chips: FilterChip[] = []
  for (const d of activeFilters(filters)) {
    if (d.kind === 'codes' || d.kind === 'ids') {
      for (const v of filterValues(filters, d)) {
        chips.push({
          id: `${d.key}:${v}`,
          nameKey: d.labelKey,
          ...idValue(d, v, lookups, names),
          remove: (f) => withoutValue(f, d, v),
        })
      }
    } else {
      chips.push({
        id: d.key,
        nameKey: d.labelKey,
        ...(d.kind === 'id'
          ? idValue(d, filters[d.fields[0]!] as number, lookups, names)
          : wholeValue(d, filters)),
        remove: (f) => clearFilter(f, d),
      })
    }
  }
  return chips
}

/** The code filters the toolbar offers as quick selects (status, priority). */
export const QUICK_FILTERS: readonly FilterDescriptor[] = FILTERS.filter((d) => d.kind === 'codes')

/** Filters the toolbar sets itself (the drawer shows the codes too, but its count leaves them out). */
const IN_TOOLBAR = new Set(FILTERS.filter((d) => d.kind === 'text').concat(QUICK_FILTERS))

/** Fields shown inside another filter's row: the sub-category beside its category. */
const PART_OF_ANOTHER = new Set(FILTERS.flatMap((d) => d.alsoClears))

function isPartOfAnother(d: FilterDescriptor): boolean {
  return d.fields.some((f) => PART_OF_ANOTHER.has(f))
}

/** How many filters set only in the drawer are active (the drawer button's badge). */
export function drawerCount(filters: TicketFilters): number {
  return activeFilters(filters).filter((d) => !IN_TOOLBAR.has(d) && !isPartOfAnother(d)).length
}

export interface DrawerRow {
  filter: FilterDescriptor
  /** Filters edited in the same row: the "none" box under the handlers. */
  with: FilterDescriptor[]
}

/** The drawer's rows in the table's order: every filter but the search text. */
export const DRAWER_ROWS: readonly DrawerRow[] = FILTERS.filter(
  (d) => d.kind !== 'text' && d.anyOf === null && !isPartOfAnother(d),
).map((filter) => ({
  filter,
  with: FILTERS.filter((o) => o.anyOf !== null && filter.fields.includes(o.anyOf)),
}))

/** A date range picker's ['YYYY-MM-DD', 'YYYY-MM-DD'] as whole-day wall-clock bounds. */
export function dayRange(range: [string, string] | null): { from?: string; to?: string } {
  if (!range) return {}
  return { from: `${range[0]} 00:00:00`, to: `${range[1]} 23:59:59` }
}

/** The reverse of dayRange, for showing a stored range in the picker. */
export function toDayRange(from?: string, to?: string): [string, string] | null {
  if (!from && !to) return null
  return [(from ?? to ?? '').slice(0, 10), (to ?? from ?? '').slice(0, 10)]
}
