/**
 * The agent's templates, in their own encrypted file beside the outbox (`<cache>.templates.sqlite`,
 * the cache's key): the cache may be rebuilt or cleared (damage, sign-out, another server) and
 * the outbox empties as edits are sent, while templates are the agent's own work and stay.
 */
import { mkdirSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { AppError } from '../../../shared/domain/errors'
import {
  TEMPLATE_LIMIT,
  templateError,
  templateInputSchema,
  type Template,
  type TemplateInput,
} from '../../../shared/domain/templates'
import { closeDatabase, openDatabase, type Db } from '../db/open-database'
import { runMigrations } from '../db/run-migrations'
import type { Migration } from '../db/migrations/migration'

/** `…/cache.sqlite` → `…/cache.templates.sqlite`; in memory stays in memory. */
export function templatesPathFor(cachePath: string): string {
  if (cachePath === ':memory:' || cachePath === '') return ':memory:'
  const ext = extname(cachePath)
  return join(dirname(cachePath), `${basename(cachePath, ext)}.templates${ext || '.sqlite'}`)
}

const TEMPLATE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create-templates',
    up: (db) =>
      db.exec(`
        CREATE TABLE templates (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          title TEXT NOT NULL,
          body TEXT NOT NULL,
          shortcut TEXT,
          position INTEGER NOT NULL
        );
      `),
  },
]

interface Row {
  id: number
  title: string
  body: string
  shortcut: string | null
  position: number
}

export class TemplateStore {
  private readonly db: Db

  constructor(path: string, options: { nativeBinding?: string; key?: Buffer | null } = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    this.db = openDatabase(path, {
      durability: 'full',
      journal: 'rollback',
      key: options.key ?? null,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    })
    runMigrations(this.db, TEMPLATE_MIGRATIONS)
  }

  close(): void {
    closeDatabase(this.db)
  }

  /** Every template in the agent's order. */
  list(): Template[] {
    return this.db.prepare<[], Row>('SELECT * FROM templates ORDER BY position, id').all()
  }

  private count(): number {
    return this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM templates').get()?.n ?? 0
  }

  private ensureRoom(adding: number): void {
    if (this.count() + adding > TEMPLATE_LIMIT)
      throw templateError(
        'template_limit',
        { max: TEMPLATE_LIMIT },
        `At most ${TEMPLATE_LIMIT} templates are kept`,
      )
  }

  /** A new template at the end, or `id`'s new text (its place kept). */
  save(input: TemplateInput, id?: number): Template {
    const t = templateInputSchema.parse(input)
    const shortcut = t.shortcut ?? null
    if (id !== undefined) {
      const changed = this.db
        .prepare('UPDATE templates SET title = ?, body = ?, shortcut = ? WHERE id = ?')
        .run(t.title, t.body, shortcut, id).changes
      if (changed === 0)
        throw new AppError({ code: 'not_found', message: `Template ${id} does not exist` })
      return this.get(id) as Template
    }
    this.ensureRoom(1)
    const newId = this.insert([{ title: t.title, body: t.body, shortcut }])[0] as number
    return this.get(newId) as Template
  }

  get(id: number): Template | null {
    return this.db.prepare<[number], Row>('SELECT * FROM templates WHERE id = ?').get(id) ?? null
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM templates WHERE id = ?').run(id).changes > 0
  }

  /** The agent's new order: `ids` first in that order, any not named after them as they were. */
  reorder(ids: readonly number[]): Template[] {
    this.db.transaction(() => {
      const rest = this.list()
        .map((t) => t.id)
        .filter((id) => !ids.includes(id))
      const set = this.db.prepare('UPDATE templates SET position = ? WHERE id = ?')
      ;[...ids, ...rest].forEach((id, i) => set.run(i, id))
    })()
    return this.list()
  }

  /** Appends a whole set in one transaction (an import): all of it or, on any error, none. */
  addAll(templates: readonly { title: string; body: string; shortcut?: string | null }[]): number {
    return this.db.transaction(() => {
      this.ensureRoom(templates.length)
      return this.insert(templates).length
    })()
  }

  private insert(
    templates: readonly { title: string; body: string; shortcut?: string | null }[],
  ): number[] {
    const start =
      this.db.prepare<[], { p: number | null }>('SELECT MAX(position) AS p FROM templates').get()
        ?.p ?? -1
    const add = this.db.prepare(
      'INSERT INTO templates (title, body, shortcut, position) VALUES (?, ?, ?, ?)',
    )
    return templates.map((t, i) =>
      Number(add.run(t.title, t.body, t.shortcut ?? null, start + 1 + i).lastInsertRowid),
    )
  }
}
