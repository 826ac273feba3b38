/** The agent's text templates: no network, no cache (their own file beside the outbox). */
import { parseTemplateFile, templateFileText } from '../../../shared/domain/templates'
import type { HandlersOf, ServiceDeps } from './service-deps'

export function createTemplatesHandlers(deps: ServiceDeps): HandlersOf<'templates'> {
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
        text: templateFileText(templates.list(), now),
      }
    },
    'templates:import': ({ text }) => {
      const imported = templates.addAll(parseTemplateFile(text))
      deps.logger.info('templates imported', { count: imported })
      return { imported }
    },
  }
}
