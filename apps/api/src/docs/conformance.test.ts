import { Ajv2020 } from 'ajv/dist/2020.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { basic, bodyOf } from '../test-support/api-fixture.js'
import { apiFixtureForSuite, sessionForSuite } from '../test-support/suite-fixture.js'
import { ALL_PLATFORM_SCOPES } from '../test-support/platform-scopes.js'

interface MediaType {
  schema?: unknown
}
interface Operation {
  security?: Record<string, string[]>[]
  requestBody?: { content: Record<string, MediaType & { schema?: { $ref?: string } }> }
  responses: Record<string, { content?: Record<string, MediaType> }>
}
interface Document {
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, { example?: unknown }> }
}

/**
 * Every documented operation, called without credentials and then as an entitled caller with the
 * documented example body (or none): each answer's status must be one the operation documents,
 * and a JSON body must satisfy the documented schema (JSON Schema 2020-12), so the document says
 * what the server does.
 */
describe('conformance of the server to its OpenAPI document', () => {
  const f = apiFixtureForSuite()
  const session = sessionForSuite(f)
  let doc: Document
  let authorization: string
  let tokenId: string
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true })

  beforeAll(async () => {
    doc = await bodyOf<Document>(await f.call('GET', '/api/openapi.json'))
    ajv.addSchema({ $id: 'doc', components: doc.components })
    const caller = await f.createToken(f.a, { scopes: ALL_PLATFORM_SCOPES })
    authorization = basic(caller.credentials.accountSid, caller.credentials.authToken)
    tokenId = (await f.createToken(f.a)).token.id
  })

  /** `$ref`s point into the document registered as `doc`. */
  function validatorOf(schema: unknown) {
    return ajv.compile(JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"doc#/components/')))
  }

  type Variant = 'anonymous' | 'entitled' | 'text body' | 'oversized body'
  let validated = 0

  async function check(
    method: string,
    path: string,
    operation: Operation,
    variant: Variant,
  ): Promise<string[]> {
    const entitled = variant !== 'anonymous'
    const url = path.replace(/\{[^}]+\}/g, tokenId)
    const headers: Record<string, string> = {}
    if (entitled && path.startsWith('/platform/')) headers['authorization'] = authorization
    const schema = operation.requestBody?.content['application/json']?.schema
    const ref = schema?.$ref?.split('/').at(-1)
    const example = ref ? doc.components.schemas[ref]?.example : undefined
    if (variant === 'text body') headers['content-type'] = 'text/plain'
    const res = await f.call(method.toUpperCase(), url, {
      ...(entitled && path.startsWith('/api/') ? { session } : {}),
      ...(variant === 'text body'
        ? { body: 'text' }
        : variant === 'oversized body'
          ? { json: { padding: 'x'.repeat(1_100_000) } }
          : operation.requestBody
            ? { json: example ?? {} }
            : {}),
      headers,
    })
    const status = String(res.status)
    const documented = operation.responses[status] ?? operation.responses['default']
    if (!documented) return [`${method} ${path} (${variant}): undocumented ${status}`]
    const type = res.headers.get('content-type')?.split(';')[0] ?? ''
    const declared = documented.content?.[type]?.schema
    if (!declared || !type.includes('json')) return []
    const validate = validatorOf(declared)
    validated++
    return validate(await res.json())
      ? []
      : [`${method} ${path} ${status}: body does not match (${ajv.errorsText(validate.errors)})`]
  }

  it('answers only documented statuses, with bodies that match their schemas', async () => {
    const problems: string[] = []
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ method, path, operation })),
    )
    // Deletes and sign-out last, so the other calls still find the token and the session.
    const last = (o: { method: string; path: string }) => o.method === 'delete' || o.path === '/api/session'
    operations.sort((a, b) => Number(last(a)) - Number(last(b)))
    for (const { method, path, operation } of operations) {
      if (path === '/api/docs' || path.startsWith('/api/docs/')) continue
      problems.push(...(await check(method, path, operation, 'anonymous')))
      problems.push(...(await check(method, path, operation, 'entitled')))
      // Bodies the server refuses whatever the route declares: GET and HEAD bodies are never read.
      if (method !== 'get' && method !== 'head') {
        problems.push(...(await check(method, path, operation, 'text body')))
        problems.push(...(await check(method, path, operation, 'oversized body')))
      }
    }
    expect(problems).toEqual([])
    expect(validated).toBeGreaterThan(operations.length)
  })
})
