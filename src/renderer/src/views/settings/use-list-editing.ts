/**
 * What Settings' ordered lists (templates, macros) share: an action whose failure is told in a
 * message (and a success, when given), and ↑/↓ moving one item in the agent's order.
 */
import { useMessage } from 'naive-ui'
import { useErrorText } from '../../composables/use-error-text'

export function useListEditing() {
  const message = useMessage()
  const errorText = useErrorText()

  async function run(action: () => Promise<unknown>, done?: () => string): Promise<boolean> {
    try {
      await action()
      if (done) message.success(() => done())
      return true
    } catch (e) {
      message.error(() => errorText(e), { duration: 8000 })
      return false
    }
  }

  /** The ids in their new order after moving the one at `index` up (-1) or down (1). */
  function moved(ids: readonly number[], index: number, by: -1 | 1): number[] {
    const next = [...ids]
    const [id] = next.splice(index, 1)
    if (id !== undefined) next.splice(index + by, 0, id)
    return next
  }

  return { message, errorText, run, moved }
}
