/** Reads pages 1..last_page of a listing, following the server's meta, handing each page on. */
import { AppError } from '../../../shared/domain/errors'

export async function fetchAllPages<T>(
  fetchPage: (page: number) => Promise<{ data: T[]; meta: { last_page: number } }>,
  onPage: (items: T[]) => void,
  signal?: AbortSignal,
): Promise<void> {
  let page = 1
  let last = 1
  do {
    if (signal?.aborted) throw new AppError({ code: 'cancelled', message: 'Cancelled' })
    const result = await fetchPage(page)
    onPage(result.data)
    last = result.meta.last_page
    page += 1
  } while (page <= last)
}
