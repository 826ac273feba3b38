/** What a route answers; the server writes it (or, under a fault, does something worse). */
export interface Reply {
  status: number
  headers?: Record<string, string>
  /** Serialized body; JSON unless a content-type header says otherwise. */
  body?: string
}

export function json(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return { status, body: JSON.stringify(value), ...(headers ? { headers } : {}) }
}

export function html(status: number, markup: string): Reply {
  return { status, body: markup, headers: { 'content-type': 'text/html; charset=UTF-8' } }
}

export interface Paging {
  page: number
  perPageRaw: string | undefined
  perPage: number
}

/**
 * Laravel's length-aware paginator meta. `per_page` echoes the query's text when given; a capped
 * value is the cap as a number (what a controller's `min(per_page, cap)` would pass on).
 */
export function pageMeta(paging: Paging, cap: number, total: number, count: number) {
  const capped = paging.perPage > cap
  const perPage = Math.min(paging.perPage, cap)
  const from = count > 0 ? (paging.page - 1) * perPage + 1 : null
  return {
    current_page: paging.page,
    from,
    last_page: Math.max(1, Math.ceil(total / perPage)),
    per_page: capped ? perPage : (paging.perPageRaw ?? perPage),
    to: from === null ? null : from + count - 1,
    total,
  }
}

/** A page of in-memory records. */
export function pageOf<T>(items: T[], paging: Paging, cap: number): Reply {
  const perPage = Math.min(paging.perPage, cap)
  const offset = (paging.page - 1) * perPage
  const data = items.slice(offset, offset + perPage)
  return json(200, { data, meta: pageMeta(paging, cap, items.length, data.length) })
}
