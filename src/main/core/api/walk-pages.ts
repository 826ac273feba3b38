/** Following a Laravel listing page by page, whatever page size the server really used. */
import type { Page, PageMeta } from '../../../shared/domain/api-schemas'
import { AppError } from '../../../shared/domain/errors'
import { cancelledError } from './retry-policy'

export interface WalkOptions {
  signal?: AbortSignal
  onPage?(meta: PageMeta): void
  /** Safety stop for a server whose meta never ends (default 100,000 pages). */
  maxPages?: number
  /** What is walked, for the error a page the walk cannot trust ends it with. */
  what?: string
}

/**
 * Pages past what the records fill that a walk still follows: records added while we read move
 * `total` and `last_page` a little, never by more than this.
 */
const PAGE_SLACK = 5

function distrust(message: string): AppError {
  return new AppError({ code: 'bad_response', message })
}

/** A page's identity: its records' ids in order (or the records themselves without ids). */
function signature(data: readonly unknown[]): string {
  return JSON.stringify(
    data.map((item) => (item as { id?: unknown } | null)?.id ?? JSON.stringify(item)),
  )
}

/**
 * The one rule for trusting a listing's pages, for every walk (a listing, a lookup list, the full
 * sweep): a `last_page` far beyond `total / per_page`, a page past what the records fill, an
 * empty page before the last the server itself names, or a page repeating the one before means
 * the server's pagination cannot be followed; the walk ends with an error naming what it did.
 */
export class PageGuard {
  private previous: string | null = null

  constructor(private readonly what = 'the listing') {}

  check(pageNumber: number, page: Page<unknown>): void {
    const { meta, data } = page
    const perPage = meta.per_page > 0 ? meta.per_page : Math.max(1, data.length)
    const filled = Math.max(1, Math.ceil(Math.max(0, meta.total) / perPage))
    const claims = `${meta.total} records of ${perPage} per page`
    if (meta.last_page > filled + PAGE_SLACK)
      throw distrust(
        `${this.what}: the server claims last_page ${meta.last_page} for ${claims} (${filled} pages); its pagination cannot be followed`,
      )
    if (pageNumber > filled + PAGE_SLACK)
      throw distrust(
        `${this.what}: page ${pageNumber} is past the ${filled} pages its ${claims} fill`,
      )
    if (data.length === 0 && pageNumber < meta.last_page)
      throw distrust(
        `${this.what}: page ${pageNumber} is empty, yet the server says there are ${meta.last_page} pages`,
      )
    const current = data.length > 0 ? signature(data) : null
    if (current !== null && current === this.previous)
      throw distrust(
        `${this.what}: page ${pageNumber} repeats page ${pageNumber - 1} (the same records)`,
      )
    this.previous = current
  }
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
  const guard = new PageGuard(options.what)
  for (let page = 1; page <= maxPages; page++) {
    if (options.signal?.aborted) throw cancelledError()
    const result = await fetchPage(page)
    guard.check(page, result)
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
