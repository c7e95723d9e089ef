import { ACCOUNT_KINDS, allScopes, API_VERSIONS } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import { basic, bodyOf } from '../test-support/api-fixture.js'
import { apiFixtureForSuite } from '../test-support/suite-fixture.js'
import { openApiDocument } from './openapi-document.js'

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const

interface PlatformRoute {
  method: string
  path: string
  /** The scope the route's guard asks for, as its 403 names it. */
  scope: unknown
  /** The API versions, per account kind, whose catalog holds that scope. */
  versions: Record<string, string>
}

/**
 * What the app serves, recorded in checked-in files: the whole OpenAPI document and the platform
 * route table (each route's method, path, the scope its guard enforces and the versions that may
 * be granted it). A change to a route's declaration shows here as a diff to review; a refactor
 * of how routes are written must leave both files as they are.
 */
describe('the served routes', () => {
  const f = apiFixtureForSuite()

  it('document the same OpenAPI document as the checked-in one', async () => {
    const document = openApiDocument(f.app)
    await expect(`${JSON.stringify(document, null, 2)}\n`).toMatchFileSnapshot(
      './__snapshots__/openapi-document.json',
    )
  })

  it('guard every platform route with the scope of the checked-in route table', async () => {
    // Two tokens, each lacking the other's only scope: every route refuses one of them naming its scope.
    const accountOnly = await f.createToken(f.a, { scopes: ['GET /Account'] })
    const tokensOnly = await f.createToken(f.a, { scopes: ['GET /Tokens'] })
    const routes: PlatformRoute[] = []
    for (const [path, item] of Object.entries(openApiDocument(f.app).paths ?? {})) {
      if (!path.startsWith('/platform/')) continue
      for (const method of METHODS) {
        if (!item?.[method]) continue
        const concrete = path.replaceAll('{Id}', accountOnly.token.id)
        const refusal = async (credentials: typeof accountOnly.credentials) => {
          const res = await f.call(method.toUpperCase(), concrete, {
            headers: { authorization: basic(credentials.accountSid, credentials.authToken) },
          })
          return res.status === 403
            ? (await bodyOf<{ params?: { scope?: string } }>(res)).params?.scope
            : undefined
        }
        const scope = (await refusal(accountOnly.credentials)) ?? (await refusal(tokensOnly.credentials))
        const versions = Object.fromEntries(
          ACCOUNT_KINDS.map((kind) => [
            kind,
            API_VERSIONS[kind]
              .filter((version) => typeof scope === 'string' && allScopes(kind, version).has(scope))
              .join(' '),
          ]),
        )
        routes.push({ method, path, scope: scope ?? null, versions })
      }
    }
    await expect(`${JSON.stringify(routes, null, 2)}\n`).toMatchFileSnapshot(
      './__snapshots__/platform-route-table.json',
    )
  })
})
