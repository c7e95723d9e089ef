import { describe, expect, it } from 'vitest'
import { ACCOUNT_KINDS, API_VERSIONS } from '../accounts/account-kinds.js'
import { legacyScopes } from '../legacy/legacy-scopes.js'
import { allScopes, normaliseScopes, scopeCatalog, templateOfPath, unknownScopes } from './catalog.js'
import { parseScope, Scope } from './scope.js'

describe('scope catalog', () => {
  it.each(ACCOUNT_KINDS)('makes every newer %s version a strict superset of the one before', (kind) => {
    const versions = API_VERSIONS[kind]
    for (let i = 1; i < versions.length; i++) {
      const older = allScopes(kind, versions[i - 1] as string)
      const newer = allScopes(kind, versions[i] as string)
      for (const scope of older) expect(newer.has(scope), `${kind} ${versions[i]} keeps ${scope}`).toBe(true)
      expect(newer.size).toBeGreaterThan(older.size)
    }
  })

  it.each(ACCOUNT_KINDS)('holds the product’s own categories and only well-formed scopes for %s', (kind) => {
    for (const version of API_VERSIONS[kind]) {
      const catalog = scopeCatalog(kind, version)
      expect(catalog.categories.map((c) => c.name)).toEqual(
        expect.arrayContaining(['Account', 'API Tokens', 'Audit Events']),
      )
      for (const scope of allScopes(kind, version)) expect(Scope.safeParse(scope).success, scope).toBe(true)
      expect(catalog.latest).toBe(API_VERSIONS[kind][API_VERSIONS[kind].length - 1])
    }
    const latest = allScopes(kind, scopeCatalog(kind, API_VERSIONS[kind][0]).latest)
    for (const scope of [
      'GET /Account',
      'GET /Tokens',
      'POST /Tokens',
      'PUT /Tokens/{Id}',
      'DELETE /Tokens/{Id}',
      'POST /Tokens/{Id}/Reset',
      'GET /AuditEvents',
    ]) {
      expect(latest.has(scope), scope).toBe(true)
    }
  })

  it.each(ACCOUNT_KINDS)(
    'grants a token’s usage over the platform API (GET /Tokens/{Id}/Usage) in the latest %s version only',
    (kind) => {
      const versions = API_VERSIONS[kind]
      for (const version of versions) {
        const latest = version === versions[versions.length - 1]
        expect(allScopes(kind, version).has('GET /Tokens/{Id}/Usage'), `${kind} ${version}`).toBe(latest)
      }
      const tokens = scopeCatalog(kind, versions[versions.length - 1] as string).categories.find(
        (category) => category.id === 'api-tokens',
      )
      expect(tokens?.endpoints).toContainEqual({ path: '/Tokens/{Id}/Usage', methods: ['GET'] })
    },
  )

  it('refuses versions of another account kind', () => {
    expect(() => scopeCatalog('brand', 'v1')).toThrow(RangeError)
  })

  it('names unknown scopes and normalises known ones into catalog order without duplicates', () => {
    expect(unknownScopes('brand', 'v12', ['GET /Account', 'GET /Nope', 'POST /Reports/{Id}/Export'])).toEqual(
      ['GET /Nope', 'POST /Reports/{Id}/Export'],
    )
    expect(normaliseScopes('brand', 'v14', ['GET /Reports', 'GET /Account', 'GET /Reports'])).toEqual([
      'GET /Account',
      'GET /Reports',
    ])
  })

  it.each(ACCOUNT_KINDS)(
    'derives %s legacy Read/Write as every scope and Read-Only as every GET scope',
    (kind) => {
      for (const version of API_VERSIONS[kind]) {
        const all = [...allScopes(kind, version)]
        expect(legacyScopes(kind, version, 'read_write')).toEqual(all)
        expect(legacyScopes(kind, version, 'read_only')).toEqual(
          all.filter((s) => parseScope(s).method === 'GET'),
        )
      }
    },
  )

  it('maps concrete request paths to their catalog templates', () => {
    expect(templateOfPath('brand', 'v14', '/Tokens/tok_1')).toBe('/Tokens/{Id}')
    expect(templateOfPath('brand', 'v14', '/Tokens/tok_1/Reset')).toBe('/Tokens/{Id}/Reset')
    expect(templateOfPath('brand', 'v14', '/Tokens')).toBe('/Tokens')
    expect(templateOfPath('brand', 'v14', '/Reports/r_9/Export')).toBe('/Reports/{Id}/Export')
    expect(templateOfPath('brand', 'v14', '/Tokens/')).toBeUndefined()
    expect(templateOfPath('brand', 'v14', '/Tokens/tok_1/Other')).toBeUndefined()
    expect(templateOfPath('brand', 'v14', '/Other')).toBeUndefined()
    expect(templateOfPath('brand', 'v14', '')).toBeUndefined()
  })

  it.each(ACCOUNT_KINDS)('maps every %s catalog path to itself, and only paths of its version', (kind) => {
    for (const version of API_VERSIONS[kind]) {
      for (const scope of allScopes(kind, version)) {
        const { path } = parseScope(scope)
        const concrete = path.replaceAll(/\{[^}]+\}/g, 'x_1')
        expect(templateOfPath(kind, version, concrete), `${kind} ${version} ${concrete}`).toBe(path)
      }
    }
    // Tracking links by id arrive with brand v13: v12 knows the list only.
    expect(templateOfPath('brand', 'v12', '/TrackingLinks/t_1')).toBeUndefined()
    expect(templateOfPath('brand', 'v13', '/TrackingLinks/t_1')).toBe('/TrackingLinks/{Id}')
  })
})
