/**
 * The agent's macros, in the templates' own file (a table beside theirs): a name and a set of
 * changes kept as JSON, read back through the schema so a damaged row is skipped and logged by
 * the caller rather than breaking the list.
 */
import { AppError } from '../../../shared/domain/errors'
import {
  MACRO_LIMIT,
  macroChangesSchema,
  macroInputSchema,
  type Macro,
  type MacroInput,
} from '../../../shared/domain/macros'
import type { Db } from '../db/open-database'
import type { Migration } from '../db/migrations/migration'

export const MACROS_MIGRATION: Migration = {
  version: 2,
  name: 'create-macros',
  up: (db) =>
    db.exec(`
      CREATE TABLE macros (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        changes TEXT NOT NULL,
        position INTEGER NOT NULL
      );
    `),
}

interface Row {
  id: number
  name: string
  changes: string
  position: number
}

function toMacro(row: Row): Macro | null {
  let json: unknown
  try {
    json = JSON.parse(row.changes)
  } catch {
    return null
  }
  const changes = macroChangesSchema.safeParse(json)
  return changes.success ? { ...row, changes: changes.data } : null
}

export class MacroStore {
  constructor(private readonly db: Db) {}

  /** Every macro in the agent's order (a row that no longer reads is left out). */
  list(): Macro[] {
    return this.db
      .prepare<[], Row>('SELECT * FROM macros ORDER BY position, id')
      .all()
      .map(toMacro)
      .filter((m): m is Macro => m !== null)
  }

  get(id: number): Macro | null {
    const row = this.db.prepare<[number], Row>('SELECT * FROM macros WHERE id = ?').get(id)
    return row ? toMacro(row) : null
  }

  /** A new macro at the end, or `id`'s new name and changes (its place kept). */
  save(input: MacroInput, id?: number): Macro {
    const m = macroInputSchema.parse(input)
    const changes = JSON.stringify(m.changes)
    if (id !== undefined) {
      const changed = this.db
        .prepare('UPDATE macros SET name = ?, changes = ? WHERE id = ?')
        .run(m.name, changes, id).changes
      if (changed === 0)
        throw new AppError({ code: 'not_found', message: `Macro ${id} does not exist` })
      return this.get(id) as Macro
    }
    return this.get(this.addAll([m])[0] as number) as Macro
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM macros WHERE id = ?').run(id).changes > 0
  }

  /** The agent's new order: `ids` first in that order, any not named after them as they were. */
  reorder(ids: readonly number[]): Macro[] {
    this.db.transaction(() => {
      const all = this.db.prepare<[], { id: number }>('SELECT id FROM macros ORDER BY position, id')
      const rest = all
        .all()
        .map((r) => r.id)
        .filter((id) => !ids.includes(id))
      const set = this.db.prepare('UPDATE macros SET position = ? WHERE id = ?')
      ;[...ids, ...rest].forEach((id, i) => set.run(i, id))
    })()
    return this.list()
  }

  /**
   * Appends macros at the end (one, or an import's set), all or none. Call it inside the
   * import's transaction so templates and macros of one file go in together.
   */
  addAll(macros: readonly MacroInput[]): number[] {
    return this.db.transaction(() => {
      const n = this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM macros').get()?.n ?? 0
      if (n + macros.length > MACRO_LIMIT)
        throw new AppError({
          code: 'invalid_input',
          message: `At most ${MACRO_LIMIT} macros are kept`,
        })
      const start =
        this.db.prepare<[], { p: number | null }>('SELECT MAX(position) AS p FROM macros').get()
          ?.p ?? -1
      const add = this.db.prepare('INSERT INTO macros (name, changes, position) VALUES (?, ?, ?)')
      return macros.map((raw, i) => {
        const m = macroInputSchema.parse(raw)
        return Number(add.run(m.name, JSON.stringify(m.changes), start + 1 + i).lastInsertRowid)
      })
    })()
  }
}
