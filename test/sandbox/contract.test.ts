/**
 * Contract tests: every example response of the vendor document against the sandbox's raw
 * answer to the same request, key by key (same keys, same order) and type by type; where the
 * sandbox serves the document's own records, value by value too. The fixtures are the document's
 * examples extracted by test/fixtures/api-examples/extract.ts; when the document is present
 * (../shared/api beside the repository, as in CI) they are re-checked against it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DOCUMENT_PATH,
  EXAMPLE_NAMES,
  extractExamples,
  readFixture,
} from '../fixtures/api-examples/extract'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/**
 * Differences in keys (and their order) and JSON types between an example and an answer. A null
 * in the document only says the field may be null (the document itself shows termination code 5's
 * `creater_id` as 1 in one example and null in another), so it accepts any type; every other
 * type must match exactly, and a null from the sandbox where the document has a value does not.
 */
function shapeDiff(example: unknown, actual: unknown, path = '$'): string[] {
  const te = typeOf(example)
  const ta = typeOf(actual)
  if (te === 'null') return []
  if (te !== ta) return [`${path}: ${te} in the document, ${ta} from the sandbox`]
  if (te === 'array') {
    const e = example as unknown[]
    const a = actual as unknown[]
    if (e.length === 0) return []
    if (a.length === 0) return [`${path}: empty, the document has items`]
    return a.flatMap((item, i) => shapeDiff(e[Math.min(i, e.length - 1)], item, `${path}[${i}]`))
  }
  if (te === 'object') {
    const e = example as Record<string, unknown>
    const a = actual as Record<string, unknown>
    const ek = Object.keys(e)
    const ak = Object.keys(a)
    if (ek.join() !== ak.join()) return [`${path}: keys ${ek.join(',')} vs ${ak.join(',')}`]
    return ek.flatMap((k) => shapeDiff(e[k], a[k], `${path}.${k}`))
  }
  return []
}

let sandbox: TestSandbox

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json | undefined }> {
  const res = await fetch(sandbox.apiBase + path, {
    method,
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  const text = await res.text()
  return { status: res.status, json: text ? (JSON.parse(text) as Json) : undefined }
}

beforeAll(async () => {
  // No generated tickets: the listing then holds exactly the document's tickets 66 and 67.
  sandbox = await startTestSandbox({ tickets: 0 })
})
afterAll(() => sandbox.close())

describe('fixtures', () => {
  it.runIf(existsSync(DOCUMENT_PATH))('match the document they were extracted from', () => {
    const examples = extractExamples(readFileSync(DOCUMENT_PATH, 'utf8'))
    for (const name of EXAMPLE_NAMES) expect(readFixture(name), name).toEqual(examples[name])
  })

  it('hold all nine examples of the document', () => {
    for (const name of EXAMPLE_NAMES) expect(readFixture(name), name).toBeTypeOf('object')
  })
})

describe('the sandbox answers like the document', () => {
  let createdId = 0

  it('GET /ticket?per_page=2&page=1 (搜尋工單): same shape, and tickets 66/67 verbatim', async () => {
    const example = readFixture('ticket-search') as { data: Json[]; meta: Json }
    const { status, json } = await call('GET', '/ticket?per_page=2&page=1')
    expect(status).toBe(200)
    expect(shapeDiff(example, json)).toEqual([])
    expect((json as { data: Json[] }).data).toEqual(example.data)
    expect((json as { meta: { per_page: unknown } }).meta.per_page).toBe('2')
  })

  it('POST /ticket (新建工單): 201 with the ticket wrapped in data', async () => {
    const example = readFixture('ticket-create')
    // The document's request body uses sub-category 1 and `termination_code`, neither of which
    // exists in its own lists (see docs/vendor-api.md); the same request with valid ids:
    const { status, json } = await call('POST', '/ticket', {
      subject: '標題',
      content: '內容',
      status: 2,
      contact_id: 1,
      sub_category_id: 23,
      termination_code_id: 5,
    })
    expect(status).toBe(201)
    expect(shapeDiff(example, json)).toEqual([])
    const data = (json as { data: Record<string, Json> }).data
    const exampleData = (example as { data: Record<string, Json> }).data
    for (const key of ['subject', 'content', 'status', 'contact', 'termination_code_id'] as const) {
      expect(data[key], key).toEqual(exampleData[key])
    }
    createdId = data.id as number
  })

  it('GET /ticket/{id} (檢視工單): the bare ticket', async () => {
    const { status, json } = await call('GET', `/ticket/${createdId}`)
    expect(status).toBe(200)
    expect(shapeDiff(readFixture('ticket-view'), json)).toEqual([])
  })

  it('PUT /ticket/{id} (更改工單): the bare, changed ticket', async () => {
    const { status, json } = await call('PUT', `/ticket/${createdId}`, { subject: '修改後的標題' })
    expect(status).toBe(200)
    expect(shapeDiff(readFixture('ticket-update'), json)).toEqual([])
    expect((json as { subject: string }).subject).toBe('修改後的標題')
  })

  it('DELETE /ticket/{id} (刪除工單): 204 without a body', async () => {
    const { status, json } = await call('DELETE', `/ticket/${createdId}`)
    expect(status).toBe(204)
    expect(json).toBeUndefined()
    expect((await call('GET', `/ticket/${createdId}`)).status).toBe(404)
  })

  it('GET /employee?per_page=3 (查詢員工): exactly the example', async () => {
    const { json } = await call('GET', '/employee?per_page=3')
    expect(shapeDiff(readFixture('employee-list'), json)).toEqual([])
    expect(json).toEqual(readFixture('employee-list'))
  })

  it('GET /sponsor (查詢業主): same shape, the default sponsor first', async () => {
    const example = readFixture('sponsor-list') as { data: Json[] }
    const { json } = await call('GET', '/sponsor')
    expect(shapeDiff(example, json)).toEqual([])
    expect((json as { data: Json[] }).data[0]).toEqual(example.data[0])
  })

  it.each([
    ['ticket-termination-code', 'termination-code-list'],
    ['category', 'category-list'],
    ['subcategory', 'subcategory-list'],
  ] as const)('GET /%s: exactly the example', async (path, fixture) => {
    const { json } = await call('GET', `/${path}`)
    expect(shapeDiff(readFixture(fixture), json)).toEqual([])
    expect(json).toEqual(readFixture(fixture))
  })
})
