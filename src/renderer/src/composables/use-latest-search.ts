/**
 * A search that runs a moment after the agent stops typing and keeps only the latest answer: an
 * answer to an earlier text that arrives late is dropped, so the list never flips back to it.
 * The pending timer is cleared when the component goes away, so no search runs for a screen that
 * is gone.
 */
import { getCurrentScope, onScopeDispose, ref, type Ref } from 'vue'

export interface LatestSearch<T> {
  /** The latest answer (or `empty` before any, after a failure or for an empty text). */
  results: Ref<T>
  /** True from the moment a search is due until its answer (or failure) arrives. */
  loading: Ref<boolean>
  /** The latest failure, or null. */
  error: Ref<unknown>
  /** The text of the latest answer ('' before any). */
  answered: Ref<string>
  /** Runs `run(text)` after the delay; a later call replaces it. */
  schedule(text: string): void
  /** Runs at once (no delay), replacing any pending search. */
  now(text: string): Promise<void>
  /** Drops the pending search and any answer still on its way. */
  cancel(): void
}

export function useLatestSearch<T>(
  run: (text: string) => Promise<T>,
  options: {
    delayMs: number
    empty: () => T
    /** Skips the search for this text and shows `empty` at once (e.g. no text at all). */
    skip?: (text: string) => boolean
  },
): LatestSearch<T> {
  const results = ref(options.empty()) as Ref<T>
  const loading = ref(false)
  const error = ref<unknown>(null)
  const answered = ref('')
  let timer: ReturnType<typeof setTimeout> | null = null
  let seq = 0

  function cancel(): void {
    if (timer) clearTimeout(timer)
    timer = null
    seq++
    loading.value = false
  }

  async function now(text: string): Promise<void> {
    cancel()
    const mine = seq
    if (options.skip?.(text)) {
      results.value = options.empty()
      answered.value = text
      error.value = null
      return
    }
    loading.value = true
    try {
      const found = await run(text)
      if (mine !== seq) return
      results.value = found
      answered.value = text
      error.value = null
    } catch (e) {
      if (mine !== seq) return
      results.value = options.empty()
      error.value = e
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  function schedule(text: string): void {
    cancel()
    if (options.skip?.(text)) {
      void now(text)
      return
    }
    loading.value = true
    timer = setTimeout(() => {
      timer = null
      void now(text)
    }, options.delayMs)
  }

  if (getCurrentScope()) onScopeDispose(cancel)

  return { results, loading, error, answered, schedule, now, cancel }
}
