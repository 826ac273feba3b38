/**
 * The lookup lists (employees, sponsors, termination codes, categories, sub-categories): small,
 * so fetched whole and replaced in one transaction, with every full sync, hourly, and soon after
 * a ticket names an id the cache does not know. Owns what it knows of the lists and which
 * unknown ids tickets named, so an id the fresh lists still lack never sets off a refresh loop.
 */
import type { Page, Ticket } from '../../../shared/domain/api-schemas'
import { fetchAll } from '../api/walk-pages'
import type { LookupLists } from '../db/cache-interfaces'
import type { SyncApi } from './ports'
import type { SyncCache } from './sync-types'

const LIST_COUNT = 5

export class LookupRefresh {
  /** Every id the cached lists hold, keyed by kind (`e12`: employee 12); null: read again. */
  private known: Set<string> | null = null
  /** Ids a ticket named that a refresh of the lookups did not bring: not asked for again. */
  private readonly tolerated = new Set<string>()
  private unknownNamed = new Set<string>()

  constructor(private readonly cache: SyncCache) {}

  /** Some ticket named an id the lists lack since the last refresh. */
  wanted(): boolean {
    return this.unknownNamed.size > 0
  }

  /** The cache was cleared or rebuilt: what the lists held is read again when needed. */
  forget(): void {
    this.known = null
  }

  /** Notes the employees, sponsors, codes and categories `tickets` name that the lists lack. */
  noteNamed(tickets: readonly Ticket[]): void {
    const known = this.knownIds()
    if (known.size === 0) return // never fetched: the first full sync brings them
    const check = (prefix: string, id: unknown): void => {
      if (typeof id !== 'number') return
      const key = prefix + id
      if (!known.has(key) && !this.tolerated.has(key)) this.unknownNamed.add(key)
    }
    for (const t of tickets) {
      check('e', t.handler_id)
      check('s', t.sponsor_id)
      check('t', t.termination_code_id)
      check('c', t.category_id)
      check('u', t.sub_category_id)
    }
  }

  private knownIds(): Set<string> {
    if (this.known) return this.known
    const lists = this.cache.getLookups()
    const known = new Set<string>()
    for (const e of lists.employees) known.add(`e${e.id}`)
    for (const s of lists.sponsors) known.add(`s${s.id}`)
    for (const c of lists.terminationCodes) known.add(`t${c.id}`)
    for (const c of lists.categories) {
      known.add(`c${c.id}`)
      for (const child of c.children) known.add(`u${child.id}`)
    }
    this.known = known
    return known
  }

  /** Fetches every list and replaces them in the cache; `onList` after each of the five. */
  async refresh(
    api: SyncApi,
    signal: AbortSignal,
    onList: (done: number, total: number) => void,
  ): Promise<void> {
    onList(0, LIST_COUNT)
    const all = <T>(
      fetch: (
        params: { page: number; per_page: number },
        o: { signal: AbortSignal },
      ) => Promise<Page<T>>,
    ): Promise<T[]> => fetchAll((page) => fetch({ page, per_page: 100 }, { signal }), { signal })
    const employees = await all((p, o) => api.listEmployees(p, o))
    onList(1, LIST_COUNT)
    const sponsors = await all((p, o) => api.listSponsors(p, o))
    onList(2, LIST_COUNT)
    const terminationCodes = await all((p, o) => api.listTerminationCodes(p, o))
    onList(3, LIST_COUNT)
    const categories = await all((p, o) => api.listCategories(p, o))
    onList(4, LIST_COUNT)
    const subCategories = await all((p, o) => api.listSubCategories(p, o))
    onList(5, LIST_COUNT)
    const lists: LookupLists = { employees, sponsors, terminationCodes, categories, subCategories }
    this.cache.replaceLookups(lists)
    this.known = null
    // What the fresh lists still lack is not theirs to bring (e.g. a sub-category the
    // categories do not list): tolerated, so it never sets off a refresh loop.
    for (const key of this.unknownNamed) this.tolerated.add(key)
    this.unknownNamed = new Set()
  }
}
