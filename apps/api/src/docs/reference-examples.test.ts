import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { apiFixtureForSuite, nodeServerForSuite } from '../test-support/suite-fixture.js'
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
          // Only a token of that very version accepts one: left out, the token's own version answers.
          expect(curl?.source).not.toContain('Api-Version')
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
        const written =
          /--data '([\s\S]*)'$/.exec(sample.source) ?? /<<JSON\n([\s\S]*)\nJSON$/.exec(sample.source)
        // The reader's values (shell variables in a here-document) as a reader would fill them in.
        const body = JSON.parse(
          (written?.[1] ?? 'null').replace(/"\$[A-Z_]+"/g, '"TK0123456789abcdef"'),
        ) as unknown
        const validate = ajv.compile({ $ref: `doc${schema.$ref}` })
        expect(validate(body), `${method} ${path}: ${JSON.stringify(validate.errors)}`).toBe(true)
      }
    }
  })
})

describe('reference examples run as they are written', () => {
  const f = apiFixtureForSuite()
  const served = nodeServerForSuite(f)
  const run = promisify(execFile)

  /** The sample of an operation, run with a reader's variables exported: what it prints. */
  async function runSample(path: string, label: 'curl' | 'Node', variables: Record<string, string>) {
    const document = (await buildOpenApiDocument()) as unknown as Document
    const operation = Object.values(document.paths[path] ?? {})[0]
    const source = operation?.['x-codeSamples']?.find((sample) => sample.label === label)?.source
    if (source === undefined) throw new Error(`no ${label} example for ${path}`)
    const env = { ...process.env, TOKENS_URL: served.base, ...variables }
    const [command, args] =
      label === 'curl'
        ? ['bash', ['-c', `${source.replace('curl ', 'curl -s ')}`]]
        : [process.execPath, ['--input-type=module', '-e', source]]
    return (await run(command, args, { env, timeout: 30_000 })).stdout
  }

  it('answer for a token of any API version, with the credentials and the server exported', async () => {
    // An agency token (v1–v3): an example pinned to another version would answer 400.
    const { credentials } = await f.createToken(f.b, { apiVersion: 'v1', scopes: ['GET /Account'] })
    const variables = { ACCOUNT_SID: credentials.accountSid, AUTH_TOKEN: credentials.authToken }

    const account = JSON.parse(await runSample('/platform/Account', 'curl', variables)) as Record<
      string,
      unknown
    >
    expect(JSON.stringify(account)).toContain(f.b.name)
    expect(await runSample('/platform/Account', 'Node', variables)).toMatch(/^200 /)

    const verified = JSON.parse(await runSample('/verify', 'curl', variables)) as { valid?: unknown }
    expect(verified.valid).toBe(true)
    expect(await runSample('/verify', 'Node', variables)).toMatch(/^200 \{"valid":true/)
  })
})
