/** Filter chips: one removable chip per active filter value, labelled from the lookups. */
import type { Lookups } from '../../../../../shared/contract/contract'
import {
  isPriority,
  isTicketStatus,
  PRIORITY_KEYS,
  STATUS_KEYS,
} from '../../../../../shared/domain/codes'
import type { TicketFilters } from '../../../../../shared/domain/queue'

export interface FilterChip {
  /** Stable key for v-for and tests: `statuses:0`, `search`, `dueFrom`... */
  id: string
  /** Locale key of the filter's name. */
  nameKey: string
  /** The value as shown: either already text or a locale key to translate. */
  value: string
  valueIsKey: boolean
  remove: (filters: TicketFilters) => TicketFilters
}

type ArrayKey = 'statuses' | 'priorities' | 'handlerIds' | 'createrIds' | 'terminationCodeIds'

function without(filters: TicketFilters, key: ArrayKey, value: number): TicketFilters {
  const next = { ...filters, [key]: (filters[key] ?? []).filter((v) => v !== value) }
  if (next[key]?.length === 0) delete next[key]
  return next
}
function drop(filters: TicketFilters, ...keys: Array<keyof TicketFilters>): TicketFilters {
  const next = { ...filters }
  for (const k of keys) delete next[k]
  return next
}

/** The chips for `filters`, in a fixed order. */
export function filterChips(
  filters: TicketFilters,
  lookups: Lookups,
  names: { employee: (id: number) => string; contact: (id: number) => string },
): FilterChip[] {
  const chips: FilterChip[] = []
  const push = (chip: FilterChip): void => void chips.push(chip)
  if (filters.search) {
    push({
      id: 'search',
      nameKey: 'queue.filter.search',
      value: filters.search,
      valueIsKey: false,
      remove: (f) => drop(f, 'search'),
    })
  }
  for (const s of filters.statuses ?? []) {
    push({
      id: `statuses:${s}`,
      nameKey: 'queue.filter.status',
      value: `status.${isTicketStatus(s) ? STATUS_KEYS[s] : 'unknown'}`,
      valueIsKey: true,
      remove: (f) => without(f, 'statuses', s),
    })
  }
  for (const p of filters.priorities ?? []) {
    push({
      id: `priorities:${p}`,
      nameKey: 'queue.filter.priority',
      value: `priority.${isPriority(p) ? PRIORITY_KEYS[p] : 'unknown'}`,
      valueIsKey: true,
      remove: (f) => without(f, 'priorities', p),
    })
  }
  for (const id of filters.handlerIds ?? []) {
    push({
      id: `handlerIds:${id}`,
      nameKey: 'queue.filter.handler',
      value: names.employee(id),
      valueIsKey: false,
      remove: (f) => without(f, 'handlerIds', id),
    })
  }
  if (filters.unassigned) {
    push({
      id: 'unassigned',
      nameKey: 'queue.filter.handler',
      value: 'queue.unassigned',
      valueIsKey: true,
      remove: (f) => drop(f, 'unassigned'),
    })
  }
  for (const id of filters.createrIds ?? []) {
    push({
      id: `createrIds:${id}`,
      nameKey: 'queue.filter.creater',
      value: names.employee(id),
      valueIsKey: false,
      remove: (f) => without(f, 'createrIds', id),
    })
  }
  if (filters.sponsorId !== undefined) {
    const sponsor = lookups.sponsors.find((s) => s.id === filters.sponsorId)
    push({
      id: 'sponsorId',
      nameKey: 'queue.filter.sponsor',
      value: sponsor?.name ?? `#${filters.sponsorId}`,
      valueIsKey: false,
      remove: (f) => drop(f, 'sponsorId'),
    })
  }
  for (const id of filters.terminationCodeIds ?? []) {
    const code = lookups.terminationCodes.find((c) => c.id === id)
    push({
      id: `terminationCodeIds:${id}`,
      nameKey: 'queue.filter.terminationCode',
      value: code?.name ?? `#${id}`,
      valueIsKey: false,
      remove: (f) => without(f, 'terminationCodeIds', id),
    })
  }
  if (filters.contactId !== undefined) {
    push({
      id: 'contactId',
      nameKey: 'queue.filter.contact',
      value: names.contact(filters.contactId),
      valueIsKey: false,
      remove: (f) => drop(f, 'contactId'),
    })
  }
  if (filters.categoryId !== undefined) {
    const cat = lookups.categories.find((c) => c.id === filters.categoryId)
    push({
      id: 'categoryId',
      nameKey: 'queue.filter.category',
      value: cat?.name ?? `#${filters.categoryId}`,
      valueIsKey: false,
      remove: (f) => drop(f, 'categoryId', 'subCategoryId'),
    })
  }
  if (filters.subCategoryId !== undefined) {
    const sub = lookups.categories
      .flatMap((c) => c.children)
      .find((s) => s.id === filters.subCategoryId)
    push({
      id: 'subCategoryId',
      nameKey: 'queue.filter.subCategory',
      value: sub?.name ?? `#${filters.subCategoryId}`,
      valueIsKey: false,
      remove: (f) => drop(f, 'subCategoryId'),
    })
  }
  const range = (from?: string, to?: string): string =>
    `${from?.slice(0, 10) ?? '…'} – ${to?.slice(0, 10) ?? '…'}`
  if (filters.createdFrom || filters.createdTo) {
    push({
      id: 'created',
      nameKey: 'queue.filter.created',
      value: range(filters.createdFrom, filters.createdTo),
      valueIsKey: false,
      remove: (f) => drop(f, 'createdFrom', 'createdTo'),
    })
  }
  if (filters.dueFrom || filters.dueTo) {
    push({
      id: 'due',
      nameKey: 'queue.filter.due',
      value: range(filters.dueFrom, filters.dueTo),
      valueIsKey: false,
      remove: (f) => drop(f, 'dueFrom', 'dueTo'),
    })
  }
  return chips
}

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
