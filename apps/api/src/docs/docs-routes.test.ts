import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bodyOf, openApiFixture, type ApiFixture } from '../test-support/api-fixture.js'

/** The HTTP contract (docs/ARCHITECTURE.md), in OpenAPI path syntax. */
const CONTRACT: [string, string][] = [
  ['post', '/api/session'],
  ['get', '/api/session'],
  ['delete', '/api/session'],
  ['patch', '/api/session'],
  ['get', '/api/catalog'],
  ['get', '/api/users'],
  ['get', '/api/tokens'],
  ['post', '/api/tokens'],
  ['get', '/api/tokens/{id}'],
  ['patch', '/api/tokens/{id}'],
  ['delete', '/api/tokens/{id}'],
  ['get', '/api/tokens/{id}/credentials'],
  ['post', '/api/tokens/{id}/duplicate'],
  ['post', '/api/tokens/{id}/reset'],
  ['post', '/api/tokens/{id}/disable'],
  ['post', '/api/tokens/{id}/enable'],
  ['post', '/api/tokens/{id}/upgrade'],
  ['get', '/api/legacy-tokens'],
  ['post', '/api/legacy-tokens/enable'],
  ['post', '/api/legacy-tokens/read-write/reset'],
  ['post', '/api/legacy-tokens/read-only/reset'],
  ['post', '/api/legacy-tokens/upgrade'],
  ['get', '/api/legacy-tokens/credentials'],
  ['get', '/api/audit-events'],
  ['post', '/api/tokens/{id}/rotate'],
  ['post', '/api/tokens/{id}/rotation/complete'],
  ['post', '/api/tokens/{id}/renew'],
  ['get', '/api/policies'],
  ['put', '/api/policies'],
  ['get', '/api/policies/unused-preview'],
  ['post', '/api/tokens/{id}/leak/handled'],
  ['post', '/api/legacy-tokens/read-write/leak/handled'],
  ['post', '/api/legacy-tokens/read-only/leak/handled'],
  ['post', '/api/credential-check'],
  ['post', '/secret-scanning/reports'],
  ['get', '/api/openapi.json'],
  ['get', '/api/docs'],
  ['get', '/healthz'],
  ['get', '/readyz'],
  ['get', '/platform/Account'],
  ['get', '/platform/Tokens'],
  ['post', '/platform/Tokens'],
  ['get', '/platform/Tokens/{Id}'],
  ['put', '/platform/Tokens/{Id}'],
  ['delete', '/platform/Tokens/{Id}'],
  ['post', '/platform/Tokens/{Id}/Reset'],
  ['get', '/platform/AuditEvents'],
  ['post', '/verify'],
]

interface Operation {
  security?: Record<string, string[]>[]
  description?: string
  parameters?: { name: string; in: string }[]
  requestBody?: { content: Record<string, { schema: unknown }> }
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>
}
interface Document {
  openapi: string
  paths: Record<string, Record<string, Operation>>
  components: { securitySchemes: Record<string, Record<string, string>>; schemas: Record<string, unknown> }
}

describe('API documentation', () => {
  let f: ApiFixture
  let doc: Document
  beforeAll(async () => {
    f = await openApiFixture()
    doc = await bodyOf<Document>(await f.call('GET', '/api/openapi.json'))
  })
  afterAll(() => f.close())

  it('is an OpenAPI 3.1 document with every route of the contract', () => {
    expect(doc.openapi).toBe('3.1.0')
    const missing = CONTRACT.filter(([method, path]) => !doc.paths[path]?.[method])
    expect(missing).toEqual([])
  })

  it('declares both security schemes and which routes use them', () => {
    expect(doc.components.securitySchemes['sessionCookie']).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: '__Host-tc_session',
    })
    expect(doc.components.securitySchemes['csrfToken']).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-CSRF-Token',
    })
    expect(doc.components.securitySchemes['basicAuth']).toMatchObject({ type: 'http', scheme: 'basic' })
    expect(doc.paths['/api/tokens']?.['post']?.security).toEqual([{ sessionCookie: [], csrfToken: [] }])
    expect(doc.paths['/api/tokens']?.['get']?.security).toEqual([{ sessionCookie: [] }])
    expect(doc.paths['/platform/Tokens']?.['get']?.security).toEqual([{ basicAuth: [] }])
    expect(doc.paths['/api/session']?.['post']?.security).toEqual([])
  })

  it('documents bodies, parameters, answers and problem statuses with schemas', () => {
    const create = doc.paths['/api/tokens']?.['post']
    expect(create?.requestBody?.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/CreateTokenInput',
    })
    expect(create?.responses['201']?.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/TokenWithCredentials',
    })
    expect(create?.responses['403']?.content?.['application/problem+json']?.schema).toEqual({
      $ref: '#/components/schemas/Problem',
    })
    expect(doc.paths['/api/tokens']?.['get']?.parameters?.map((p) => p.name)).toEqual([
      'name',
      'created',
      'state',
      'cursor',
      'limit',
    ])
    expect(doc.paths['/api/tokens/{id}']?.['get']?.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path' }),
    ])
    expect(doc.components.schemas).toHaveProperty('Token')
    expect(doc.components.schemas).toHaveProperty('ClassicToken')
  })

  it("names each platform route's scope and explains how the API version shapes the answer", () => {
    const read = doc.paths['/platform/Tokens/{Id}']?.['get']
    expect(read?.description).toContain('Required scope: `GET /Tokens/{Id}`')
    expect(JSON.stringify(read?.responses['200'])).toContain('older versions answer the classic form')
    expect(read?.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Api-Version', in: 'header' })]),
    )
    for (const [method, path] of CONTRACT.filter(([, path]) => path.startsWith('/platform/'))) {
      const scope = `${method.toUpperCase()} ${path.slice('/platform'.length)}`
      expect(doc.paths[path]?.[method]?.description, scope).toContain(`Required scope: \`${scope}\``)
    }
  })

  it('serves an interactive reference from bundled assets, with a CSP that allows only what it needs', async () => {
    const page = await f.call('GET', '/api/docs', { headers: { 'accept-language': 'zh-CN' } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<title>令牌控制台 API 参考</title>')
    expect(html).not.toMatch(/https?:\/\//)
    expect(html).not.toMatch(/<script>(?!<\/script>)/)
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("style-src 'self' 'unsafe-inline'")
    expect(csp).not.toContain('unsafe-eval')
    for (const asset of [
      'swagger-ui-bundle.js',
      'swagger-ui.css',
      'swagger-initializer.js',
      'favicon-32x32.png',
    ]) {
      const res = await f.call('GET', `/api/docs/${asset}`)
      expect(res.status, asset).toBe(200)
      expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(100)
    }
    expect(await (await f.call('GET', '/api/docs/swagger-initializer.js')).text()).toContain(
      '"/api/openapi.json"',
    )
    expect((await f.call('GET', '/api/docs/package.json')).status).toBe(404)
    expect((await f.call('GET', '/api/docs/..%2Fpackage.json')).status).toBe(404)
    // Names every object has answer as any unknown file (they answered 500 and logged an error).
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect((await f.call('GET', `/api/docs/${name}`)).status).toBe(404)
    }
    const strict = (await f.call('GET', '/api/openapi.json')).headers.get('content-security-policy')
    expect(strict).not.toContain('unsafe-inline')
  })
})
