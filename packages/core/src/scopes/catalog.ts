import { z } from 'zod'
import { AccountKind, apiVersionRank, apiVersionsOf, latestApiVersion } from '../accounts/account-kinds.js'
import { CATALOG_DATA } from './catalog-data.js'
import { requestPathFaultOf } from './request-path.js'
import { HttpMethod, parseScope, scopeOf, type Scope } from './scope.js'

export const CatalogEndpoint = z.object({ path: z.string(), methods: z.array(HttpMethod) })
export const CatalogCategory = z.object({
  id: z.string(),
  name: z.string(),
  endpoints: z.array(CatalogEndpoint),
})
export const ScopeCatalog = z.object({
  kind: AccountKind,
  versions: z.array(z.string()),
  latest: z.string(),
  apiVersion: z.string(),
  categories: z.array(CatalogCategory),
})
export type CatalogEndpoint = z.infer<typeof CatalogEndpoint>
export type CatalogCategory = z.infer<typeof CatalogCategory>
export type ScopeCatalog = z.infer<typeof ScopeCatalog>

const cache = new Map<string, ScopeCatalog>()

/** The categories, endpoints and methods a token of `kind` on `apiVersion` may be granted. */
export function scopeCatalog(kind: AccountKind, apiVersion: string): ScopeCatalog {
  const key = `${kind}:${apiVersion}`
  const hit = cache.get(key)
  if (hit) return hit
  const rank = apiVersionRank(kind, apiVersion)
  if (rank < 0) throw new RangeError(`${apiVersion} is not an API version of ${kind} accounts`)
  const categories = CATALOG_DATA[kind]
    .filter((category) => (category.since ?? 0) <= rank)
    .map((category) => ({
      id: category.id,
      name: category.name,
      endpoints: category.endpoints
        .filter((endpoint) => (endpoint.since ?? 0) <= rank)
        .map((endpoint) => ({ path: endpoint.path, methods: [...endpoint.methods] })),
    }))
  const catalog: ScopeCatalog = {
    kind,
    versions: [...apiVersionsOf(kind)],
    latest: latestApiVersion(kind),
    apiVersion,
    categories,
  }
  cache.set(key, catalog)
  return catalog
}

const scopeSets = new Map<string, ReadonlySet<Scope>>()

/** Every scope of a kind and version, as a set for O(1) membership checks. */
export function allScopes(kind: AccountKind, apiVersion: string): ReadonlySet<Scope> {
  const key = `${kind}:${apiVersion}`
  const hit = scopeSets.get(key)
  if (hit) return hit
  const set = new Set<Scope>()
  for (const category of scopeCatalog(kind, apiVersion).categories) {
    for (const endpoint of category.endpoints) {
      for (const method of endpoint.methods) set.add(scopeOf(method, endpoint.path))
    }
  }
  scopeSets.set(key, set)
  return set
}

/**
 * The oldest version of the kind's line whose catalog has `scope`, or undefined when none has: what
 * a token of an older version is told when it calls an endpoint its version lacks.
 */
export function firstVersionWithScope(kind: AccountKind, scope: string): string | undefined {
  return apiVersionsOf(kind).find((version) => allScopes(kind, version).has(scope as Scope))
}

/** Scopes that are not part of the catalog of this kind and version (empty when all are known). */
export function unknownScopes(kind: AccountKind, apiVersion: string, scopes: readonly string[]): string[] {
  const known = allScopes(kind, apiVersion)
  return scopes.filter((scope) => !known.has(scope))
}

/** Sorts and de-duplicates scopes in catalog order, so stored and displayed lists are stable. */
export function normaliseScopes(kind: AccountKind, apiVersion: string, scopes: readonly string[]): Scope[] {
  const wanted = new Set(scopes)
  return [...allScopes(kind, apiVersion)].filter((scope) => wanted.has(scope))
}

/**
 * The catalog's paths of a kind and version, prepared for matching request paths: literal paths
 * by value, templates as segment lists (null where a placeholder stands) grouped by length, those
 * with fewer placeholders first.
 */
interface PathMatcher {
  literal: ReadonlyMap<string, string>
  templated: ReadonlyMap<number, readonly { segments: readonly (string | null)[]; template: string }[]>
}

const pathMatchers = new Map<string, PathMatcher>()

function pathMatcher(kind: AccountKind, apiVersion: string): PathMatcher {
  const key = `${kind}:${apiVersion}`
  const hit = pathMatchers.get(key)
  if (hit) return hit
  const literal = new Map<string, string>()
  const templates: { segments: (string | null)[]; template: string; placeholders: number }[] = []
  for (const scope of allScopes(kind, apiVersion)) {
    const { path } = parseScope(scope)
    if (!path.includes('{')) {
      literal.set(path, path)
      continue
    }
    if (templates.some((t) => t.template === path)) continue
    const segments = path.split('/').map((part) => (part.startsWith('{') && part.endsWith('}') ? null : part))
    templates.push({
      segments,
      template: path,
      placeholders: segments.filter((part) => part === null).length,
    })
  }
  templates.sort((a, b) => a.placeholders - b.placeholders)
  const templated = new Map<number, { segments: (string | null)[]; template: string }[]>()
  for (const { segments, template } of templates) {
    templated.set(segments.length, [...(templated.get(segments.length) ?? []), { segments, template }])
  }
  const matcher = { literal, templated }
  pathMatchers.set(key, matcher)
  return matcher
}

/**
 * The catalog template a concrete request path instantiates for a kind and version, e.g.
 * `/Tokens/tok_1` → `/Tokens/{Id}`; undefined when none does, and for every path that is not
 * canonical (request-path.ts: `.`/`..` or empty segments, backslashes, encoded delimiters), so
 * `/Campaigns/../Contracts` never stands for `/Campaigns/{Id}/Contracts`. A literal path wins over
 * a template that would also match it. One map lookup, then only the templates of the path's length.
 */
export function templateOfPath(kind: AccountKind, apiVersion: string, path: string): string | undefined {
  if (requestPathFaultOf(path) !== undefined) return undefined
  const matcher = pathMatcher(kind, apiVersion)
  const literal = matcher.literal.get(path)
  if (literal !== undefined) return literal
  const parts = path.split('/')
  const candidates = matcher.templated.get(parts.length)
  if (!candidates) return undefined
  for (const { segments, template } of candidates) {
    let matches = true
    for (let i = 0; i < segments.length && matches; i++) {
      const expected = segments[i]
      matches = expected === null ? parts[i] !== '' : expected === parts[i]
    }
    if (matches) return template
  }
  return undefined
}
