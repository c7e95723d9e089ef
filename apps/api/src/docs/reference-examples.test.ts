import { Ajv2020 } from 'ajv/dist/2020.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildOpenApiDocument } from './build-openapi-document.js'

interface Operation {
  description?: string
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> }
  'x-codeSamples'?: { lang: string; label: string; source: string }[]
}
interface Document {
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, { example?: unknown }> }
}

describe('reference examples', () => {
  let document: Document
  beforeAll(async () => {
    document = (await buildOpenApiDocument()) as unknown as Document
  })

  it('give every platform route and /verify a curl and a Node example, shown in the docs page too', () => {
    const routes = Object.entries(document.paths).filter(
      ([path]) => path === '/verify' || path.startsWith('/platform/'),
    )
    expect(routes.length).toBeGreaterThanOrEqual(6)
    for (const [path, item] of routes) {
      for (const [method, operation] of Object.entries(item)) {
        const samples = operation['x-codeSamples'] ?? []
        expect(
          samples.map((sample) => sample.label),
          `${method} ${path}`,
        ).toEqual(['curl', 'Node'])
        const [curl, node] = samples
        expect(curl?.source).toContain(`curl -X ${method.toUpperCase()} "`)
        expect(node?.source).toContain(`method: '${method.toUpperCase()}'`)
        if (path.startsWith('/platform/')) {
          expect(curl?.source).toContain('-u "$ACCOUNT_SID:$AUTH_TOKEN"')
          expect(curl?.source).toContain("-H 'Api-Version: ")
          expect(node?.source).toContain('Authorization: `Basic ${Buffer.from(')
        }
        if (operation.requestBody) expect(curl?.source).toContain('--data ')
        for (const sample of samples) expect(operation.description).toContain(sample.source)
      }
    }
  })

  it("send bodies that the operation's own schema accepts", () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false })
    ajv.addSchema({ $id: 'doc', components: document.components })
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const schema = operation.requestBody?.content['application/json']?.schema
        const sample = operation['x-codeSamples']?.find((candidate) => candidate.label === 'curl')
        if (!schema?.$ref || !sample) continue
        const body = JSON.parse(/--data '([\s\S]*)'$/.exec(sample.source)?.[1] ?? 'null') as unknown
        const validate = ajv.compile({ $ref: `doc${schema.$ref}` })
        expect(validate(body), `${method} ${path}: ${JSON.stringify(validate.errors)}`).toBe(true)
      }
    }
  })
})
