/** Following a Laravel listing page by page, whatever page size the server really used. */
import type { Page, PageMeta } from '../../../shared/domain/api-schemas'
import { cancelledError } from './retry-policy'

export interface WalkOptions {
  signal?: AbortSignal
  onPage?(meta: PageMeta): void
  /** Safety stop for a server whose meta never ends (default 100,000 pages). */
  maxPages?: number
}

/**
 * Yields each page's records, from page 1 until `meta.last_page` (re-read on every page, since
 * it moves when records are added or removed meanwhile). A capped per_page just means more pages.
 */
export async function* walkPages<T>(
  fetchPage: (page: number) => Promise<Page<T>>,
  options: WalkOptions = {},
): AsyncGenerator<T[], void, undefined> {
  const maxPages = options.maxPages ?? 100_000
  for (let page = 1; page <= maxPages; page++) {
    if (options.signal?.aborted) throw cancelledError()
    const result = await fetchPage(page)
    options.onPage?.(result.meta)
    yield result.data
    if (page >= result.meta.last_page) return
  }
}

/** Every record of a (small) listing, e.g. the termination codes or categories. */
export async function fetchAll<T>(
  fetchPage: (page: number) => Promise<Page<T>>,
  options: WalkOptions = {},
): Promise<T[]> {
  const all: T[] = []
  for await (const items of walkPages(fetchPage, options)) all.push(...items)
  return all
}
