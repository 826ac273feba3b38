/**
 * Opening the templates file: one the key cannot read, or with damaged pages, is set aside (kept,
 * renamed) and an empty set starts, so the app never stops over canned sentences; the log says
 * where the old file went, and an exported set can be imported again.
 */
import { setAsideFile } from '../db/set-aside'
import { isCorruption } from '../db/sqlite-errors'
import type { Logger } from '../logger'
import { TemplateStore } from './template-store'

export function openTemplates(
  path: string,
  options: { key: Buffer | null; logger: Logger; nativeBinding?: string },
): TemplateStore {
  const open = (): TemplateStore =>
    new TemplateStore(path, {
      key: options.key,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    })
  try {
    const store = open()
    store.list()
    return store
  } catch (error) {
    if (!isCorruption(error) || path === ':memory:') throw error
    const movedTo = setAsideFile(path)
    options.logger.error('templates file unreadable: set aside, starting an empty set', { movedTo })
    return open()
  }
}
