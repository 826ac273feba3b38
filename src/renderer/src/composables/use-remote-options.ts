/**
 * Options for a remote-search select: searches as the agent types (debounced), keeps the labels of
 * chosen values so a selected item stays readable after the next search replaces the list.
 */
import { ref, type Ref } from 'vue'

export type RemoteOption = {
  label: string
  value: number
}

export function useRemoteOptions(
  search: (text: string) => Promise<RemoteOption[]>,
  delayMs = 250,
): {
  options: Ref<RemoteOption[]>
  loading: Ref<boolean>
  onSearch: (text: string) => void
  remember: (option: RemoteOption) => void
} {
  const options = ref<RemoteOption[]>([])
  const loading = ref(false)
  const known = new Map<number, RemoteOption>()
  let timer: ReturnType<typeof setTimeout> | null = null
  let seq = 0

  function remember(option: RemoteOption): void {
    known.set(option.value, option)
    if (!options.value.some((o) => o.value === option.value)) {
      options.value = [option, ...options.value]
    }
  }

  async function run(text: string): Promise<void> {
    const mine = ++seq
    loading.value = true
    try {
      const found = await search(text)
      if (mine !== seq) return
      for (const o of found) known.set(o.value, o)
      const chosen = [...known.values()].filter((k) => !found.some((f) => f.value === k.value))
      options.value = [...found, ...chosen]
    } catch {
      if (mine === seq) options.value = [...known.values()]
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  function onSearch(text: string): void {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void run(text), delayMs)
  }

  return { options, loading, onSearch, remember }
}
