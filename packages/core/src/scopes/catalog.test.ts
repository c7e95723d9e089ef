import { describe, expect, it } from 'vitest'
import { ACCOUNT_KINDS, API_VERSIONS } from '../accounts/account-kinds.js'
import { legacyScopes } from '../legacy/legacy-scopes.js'
import { allScopes, normaliseScopes, scopeCatalog, unknownScopes } from './catalog.js'
import { matchPathTemplate, parseScope, Scope } from './scope.js'

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
      expect(catalog.categories.map((c) => c.name)).toEqual(expect.arrayContaining(['Account', 'API Tokens', 'Audit Events']))
      for (const scope of allScopes(kind, version)) expect(Scope.safeParse(scope).success, scope).toBe(true)
      expect(catalog.latest).toBe(API_VERSIONS[kind][API_VERSIONS[kind].length - 1])
    }
    const latest = allScopes(kind, scopeCatalog(kind, API_VERSIONS[kind][0]).latest)
    for (const scope of ['GET /Account', 'GET /Tokens', 'POST /Tokens', 'PUT /Tokens/{Id}', 'DELETE /Tokens/{Id}', 'POST /Tokens/{Id}/Reset', 'GET /AuditEvents']) {
      expect(latest.has(scope), scope).toBe(true)
    }
  })

  it('refuses versions of another account kind', () => {
    expect(() => scopeCatalog('brand', 'v1')).toThrow(RangeError)
  })

  it('names unknown scopes and normalises known ones into catalog order without duplicates', () => {
    expect(unknownScopes('brand', 'v12', ['GET /Account', 'GET /Nope', 'POST /Reports/{Id}/Export'])).toEqual([
      'GET /Nope',
      'POST /Reports/{Id}/Export',
    ])
    expect(normaliseScopes('brand', 'v14', ['GET /Reports', 'GET /Account', 'GET /Reports'])).toEqual(['GET /Account', 'GET /Reports'])
  })

  it.each(ACCOUNT_KINDS)('derives %s legacy Read/Write as every scope and Read-Only as every GET scope', (kind) => {
    for (const version of API_VERSIONS[kind]) {
      const all = [...allScopes(kind, version)]
      expect(legacyScopes(kind, version, 'read_write')).toEqual(all)
      expect(legacyScopes(kind, version, 'read_only')).toEqual(all.filter((s) => parseScope(s).method === 'GET'))
    }
  })

  it('maps concrete request paths to their templates', () => {
    const templates = ['/Tokens', '/Tokens/{Id}', '/Tokens/{Id}/Reset']
    expect(matchPathTemplate(templates, '/Tokens/tok_1')).toBe('/Tokens/{Id}')
    expect(matchPathTemplate(templates, '/Tokens/tok_1/Reset')).toBe('/Tokens/{Id}/Reset')
    expect(matchPathTemplate(templates, '/Tokens/')).toBeUndefined()
    expect(matchPathTemplate(templates, '/Other')).toBeUndefined()
  })
})
