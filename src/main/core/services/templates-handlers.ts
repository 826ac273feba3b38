/**
 * The agent's text templates and macros: no network (their own file beside the outbox); a
 * macro is checked against the cached lookups when it is saved.
 */
import { refuseAgainstLookups } from '../../../shared/domain/macros'
import { parseTemplateFile, templateFileText } from '../../../shared/domain/templates'
import type { HandlersOf, ServiceDeps } from './service-deps'

export function createTemplatesHandlers(
  deps: ServiceDeps,
): HandlersOf<'templates'> & HandlersOf<'macros'> {
  const { templates } = deps
  return {
    'templates:list': () => templates.list(),
    'templates:save': ({ id, template }) => templates.save(template, id),
    'templates:delete': ({ id }) => ({ removed: templates.remove(id) }),
    'templates:reorder': ({ ids }) => templates.reorder(ids),
    'templates:export': () => {
      const now = new Date().toISOString()
      return {
        fileName: `templates-${now.slice(0, 10)}.json`,
        text: templateFileText(templates.list(), now, templates.macros.list()),
      }
    },
    'templates:import': ({ text }) => {
      const file = parseTemplateFile(text)
      const added = templates.addAll(file.templates, file.macros)
      deps.logger.info('templates imported', { count: added.templates, macros: added.macros })
      return { imported: added.templates, macros: added.macros }
    },
    'macros:list': () => templates.macros.list(),
    'macros:save': ({ id, macro }) => {
      refuseAgainstLookups(macro.changes, deps.cache.getLookups())
      return templates.macros.save(macro, id)
    },
    'macros:delete': ({ id }) => ({ removed: templates.macros.remove(id) }),
    'macros:reorder': ({ ids }) => templates.macros.reorder(ids),
  }
}
