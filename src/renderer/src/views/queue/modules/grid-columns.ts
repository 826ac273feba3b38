/** The queue grid's columns, in order: the header's sort buttons and the cells follow them. */
import type { SortColumn } from '../../../../../shared/domain/queue'
import type { Messages } from '../../../locales/zh-TW'

export interface GridColumn {
  /** The cell's class and the sort button's test id. */
  key: string
  /** The API field it shows: its header is that field's one label. */
  field: keyof Messages['field']
  sort: SortColumn
}

export const GRID_COLUMNS: readonly GridColumn[] = [
  { key: 'id', field: 'id', sort: 'id' },
  { key: 'subject', field: 'subject', sort: 'subject' },
  { key: 'status', field: 'status', sort: 'status' },
  { key: 'priority', field: 'priority', sort: 'priority' },
  { key: 'due', field: 'due_at', sort: 'due_at' },
  { key: 'category', field: 'category_id', sort: 'category' },
  { key: 'contact', field: 'contact_id', sort: 'contact' },
  { key: 'handler', field: 'handler_id', sort: 'handler' },
  { key: 'updated', field: 'updated_at', sort: 'updated_at' },
]
