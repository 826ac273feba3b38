/**
 * What Settings' ordered lists (templates, macros) share: the item being edited (an id, 'new' or
 * none), saving it, deleting one after asking, ↑/↓ moving one in the agent's order, and an action
 * whose failure is told in a message (and a success, when given).
 */
import { useMessage } from 'naive-ui'
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useConfirm } from '../../composables/use-confirm'
import { useErrorText } from '../../composables/use-error-text'

/** A store of one of those lists. */
export interface OrderedList<Item extends { id: number }, Input> {
  list: Item[]
  save(input: Input, id?: number): Promise<unknown>
  remove(id: number): Promise<void>
  reorder(ids: number[]): Promise<void>
}

/** The ids in their new order after moving the one at `index` up (-1) or down (1). */
function moved(ids: readonly number[], index: number, by: -1 | 1): number[] {
  const next = [...ids]
  const [id] = next.splice(index, 1)
  if (id !== undefined) next.splice(index + by, 0, id)
  return next
}

export function useListEditing<Item extends { id: number }, Input>(
  store: OrderedList<Item, Input>,
  /** The delete question's title and text for one item. */
  deleteQuestion: (item: Item) => { title: string; content: string },
) {
  const { t } = useI18n()
  const message = useMessage()
  const errorText = useErrorText()
  const confirm = useConfirm()
  /** The item being edited: an id, 'new', or null (none). */
  const editing = ref<number | 'new' | null>(null)

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

  /** Saves what the editor holds (a new item, or the one edited), and closes it once saved. */
  async function save(input: Input): Promise<void> {
    const id = editing.value === 'new' ? undefined : (editing.value ?? undefined)
    if (
      await run(
        () => store.save(input, id),
        () => t('settings.saved'),
      )
    )
      editing.value = null
  }

  function remove(item: Item): void {
    confirm({
      ...deleteQuestion(item),
      positiveText: t('templates.delete'),
      negativeText: t('common.cancel'),
      positiveButtonProps: { type: 'error' },
      onPositiveClick: () => run(() => store.remove(item.id)),
    })
  }

  function move(index: number, by: -1 | 1): void {
    void run(() =>
      store.reorder(
        moved(
          store.list.map((x) => x.id),
          index,
          by,
        ),
      ),
    )
  }

  return { message, errorText, editing, run, save, remove, move }
}
