/**
 * True once the frame showing `key`'s content has painted, false again while `key` changes or is
 * empty. What the agent does not look at first (who else has the ticket open, its history, the
 * caller's earlier calls and other tickets) waits for it: their requests and rendering then never
 * delay the ticket's own first paint.
 */
import { onBeforeUnmount, readonly, ref, watch, type Ref } from 'vue'
import { afterNextPaint } from '../utils/later'

export function useAfterPaint(key: () => unknown): Readonly<Ref<boolean>> {
  const painted = ref(false)
  let cancel = (): void => undefined
  watch(
    key,
    (now) => {
      cancel()
      painted.value = false
      if (now === null || now === undefined) return
      cancel = afterNextPaint(() => (painted.value = true))
    },
    { immediate: true, flush: 'post' },
  )
  onBeforeUnmount(() => cancel())
  return readonly(painted)
}
