/** The documented API under /api/v1, answered from the sandbox's data. */
import { singleTicketShape } from '../seed/assemble-ticket'
import { docCategoriesWithChildren } from '../seed/doc-records'
import type { SandboxData } from '../sandbox-data'
import {
  ValidationFailed,
  validatePaging,
  validateTicketSearch,
  validateTicketWrite,
  type FieldErrors,
  type WriteRules,
} from './laravel-validation'
import { json, pageMeta, pageOf, type Reply } from './reply'

export interface ApiRequest {
  method: string
  /** Path below /api/v1, e.g. `/ticket/66`. */
  path: string
  query: Map<string, string | string[]>
  /** Parsed JSON body; undefined when absent or not JSON (Laravel then sees no input). */
  body: unknown
}

/** Routes: path pattern to the methods it allows (Laravel lists HEAD with GET). */
const ROUTES: { pattern: RegExp; key: string; methods: string[] }[] = [
  { pattern: /^\/ticket$/, key: '/ticket', methods: ['GET', 'HEAD', 'POST'] },
  {
    pattern: /^\/ticket\/([^/]+)$/,
    key: '/ticket/{id}',
    methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE'],
  },
  { pattern: /^\/employee$/, key: '/employee', methods: ['GET', 'HEAD'] },
  { pattern: /^\/sponsor$/, key: '/sponsor', methods: ['GET', 'HEAD'] },
  {
    pattern: /^\/ticket-termination-code$/,
    key: '/ticket-termination-code',
    methods: ['GET', 'HEAD'],
  },
  { pattern: /^\/category$/, key: '/category', methods: ['GET', 'HEAD'] },
  { pattern: /^\/subcategory$/, key: '/subcategory', methods: ['GET', 'HEAD'] },
]

/** The route key for stats (`/ticket/{id}`), or null for an unknown path. */
export function routeKey(path: string): string | null {
  return ROUTES.find((r) => r.pattern.test(path))?.key ?? null
}

export function validationReply(errors: FieldErrors): Reply {
  return json(422, { message: 'The given data was invalid.', errors })
}

function notFoundModel(id: string): Reply {
  return json(404, { message: `No query results for model [App\\Models\\Ticket] ${id}` })
}

function contains(value: string | null | undefined, needle: string): boolean {
  return (value ?? '').toLowerCase().includes(needle)
}

export function writeRules(data: SandboxData, creating: boolean): WriteRules {
  const { index } = data
  return {
    creating,
    exists: {
      sponsor_id: (id) => index.sponsors.has(id),
      handler_id: (id) => index.employees.has(id),
      termination_code_id: (id) => index.terminationCodes.has(id),
      sub_category_id: (id) => index.subCategories.has(id),
      contact_id: (id) => index.contacts.has(id),
    },
  }
}

export function handleApi(req: ApiRequest, data: SandboxData, perPageCap: number): Reply {
  const route = ROUTES.find((r) => r.pattern.test(req.path))
  if (!route) {
    return json(404, { message: `The route api/v1${req.path} could not be found.` })
  }
  if (!route.methods.includes(req.method)) {
    return json(
      405,
      {
        message: `The ${req.method} method is not supported for this route. Supported methods: ${route.methods.join(', ')}.`,
      },
      { allow: route.methods.join(', ') },
    )
  }
  const method = req.method === 'HEAD' ? 'GET' : req.method
  try {
    return dispatch(route.key, method, req, data, perPageCap)
  } catch (error) {
    if (error instanceof ValidationFailed) return validationReply(error.errors)
    throw error
  }
}

function dispatch(
  key: string,
  method: string,
  req: ApiRequest,
  data: SandboxData,
  cap: number,
): Reply {
  const { store, index } = data
  const lookups = index.lookups
  const listErrors: FieldErrors = {}
  const paging = (): ReturnType<typeof validatePaging> => {
    const p = validatePaging(req.query, listErrors)
    if (Object.keys(listErrors).length > 0) throw new ValidationFailed(listErrors)
    return p
  }
  const search = (): string => {
    const s = req.query.get('search')
    return typeof s === 'string' ? s.trim().toLowerCase() : ''
  }

  switch (key) {
    case '/ticket': {
      if (method === 'POST') {
        const write = validateTicketWrite(req.body, writeRules(data, true))
        const ticket = store.create(write, data.apiEmployeeId)
        return json(201, { data: singleTicketShape(ticket) })
      }
      const { paging: p, filters } = validateTicketSearch(req.query)
      const perPage = Math.min(p.perPage, cap)
      const result = store.search(filters, perPage, (p.page - 1) * perPage)
      const meta = pageMeta(p, cap, result.total, result.json.length)
      return {
        status: 200,
        body: `{"data":[${result.json.join(',')}],"meta":${JSON.stringify(meta)}}`,
      }
    }
    case '/ticket/{id}': {
      const rawId = req.path.slice('/ticket/'.length)
      const id = /^\d+$/.test(rawId) ? Number(rawId) : NaN
      const existing = Number.isSafeInteger(id) ? store.get(id) : null
      if (!existing) return notFoundModel(decodeURIComponent(rawId))
      if (method === 'GET') return json(200, singleTicketShape(existing))
      if (method === 'DELETE') {
        store.delete(id)
        return { status: 204 }
      }
      const write = validateTicketWrite(req.body, writeRules(data, false))
      const updated = store.update(id, write)
      if (!updated) return notFoundModel(rawId)
      return json(200, singleTicketShape(updated))
    }
    case '/employee': {
      const p = paging()
      const s = search()
      const items = [...lookups.employees]
        .reverse()
        .filter(
          (e) =>
            !s || contains(e.name, s) || contains(e.identity_no, s) || contains(e.employee_no, s),
        )
      return pageOf(items, p, cap)
    }
    case '/sponsor':
      return pageOf(lookups.sponsors, paging(), cap)
    case '/ticket-termination-code': {
      const p = paging()
      const s = search()
      const items = lookups.terminationCodes.filter(
        (c) => !s || contains(c.name, s) || contains(c.description, s),
      )
      return pageOf(items, p, cap)
    }
    case '/category':
      return pageOf(docCategoriesWithChildren(), paging(), cap)
    case '/subcategory': {
      const raw = req.query.get('category_id')
      let categoryId: number | undefined
      if (typeof raw === 'string' && raw !== '') {
        if (!/^\d+$/.test(raw.trim()))
          listErrors.category_id = ['The category id must be an integer.']
        else categoryId = Number(raw)
      }
      const p = paging()
      const items = lookups.subCategories.filter(
        (s) => categoryId === undefined || s.category_id === categoryId,
      )
      return pageOf(items, p, cap)
    }
    default:
      return json(404, { message: 'Not Found' })
  }
}
