import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ACCOUNT_KINDS, API_VERSIONS } from '../accounts/account-kinds.js'
import { TokenConsoleError } from '../errors/error-codes.js'
import { allScopes, templateOfPath } from './catalog.js'
import { requestPathFaultOf, requireCanonicalRequestPath } from './request-path.js'
import { scopeOfRequest } from './request-scope.js'
import { parseScope } from './scope.js'

/** `.` in every spelling a decoding server reads as a dot: itself, `%2e`, `%2E`. */
const DOT = fc.constantFrom('.', '%2e', '%2E')
/** A character that is a separator to some server once decoded, or a percent sign that decodes again. */
const ENCODED_DELIMITER = fc.constantFrom(
  '%2f',
  '%2F',
  '%5c',
  '%5C',
  '%25',
  '%252e',
  '%252F',
  '%2e',
  '%2E',
  '%3b',
  '%3B',
  '%3f',
  '%3F',
  '%23',
)
/** What ids and literal segments are made of: never a dot segment, separator or escape. */
const SAFE_SEGMENT = fc.stringMatching(/^[A-Za-z0-9_~-]{1,12}$/)

/** `.` and `..` spelled with any mix of encoded dots, optionally with `;params` after them. */
const DOT_SEGMENT = fc
  .tuple(fc.array(DOT, { minLength: 1, maxLength: 2 }), fc.constantFrom('', ';', ';x=1'))
  .map(([dots, params]) => dots.join('') + params)

/** A segment that must make any path holding it unmatched. */
const HOSTILE_SEGMENT = fc.oneof(
  DOT_SEGMENT,
  fc.constant(''),
  fc.tuple(SAFE_SEGMENT, ENCODED_DELIMITER, SAFE_SEGMENT).map((parts) => parts.join('')),
  fc.tuple(SAFE_SEGMENT, fc.constantFrom('\\', '\\..', '..\\'), SAFE_SEGMENT).map((parts) => parts.join('')),
  fc.constantFrom('%', '%2', '%zz', 'a%g0', '..%00', '%0a', '\u0000', '\t'),
)

/** Every catalog path of every kind and version, as a template plus its kind and version. */
const CATALOG_PATHS = ACCOUNT_KINDS.flatMap((kind) =>
  API_VERSIONS[kind].flatMap((version) =>
    [...new Set([...allScopes(kind, version)].map((scope) => parseScope(scope).path))].map((template) => ({
      kind,
      version,
      template,
    })),
  ),
)

/** The path a template stands for with each placeholder replaced by one of `ids` in turn. */
function instantiate(template: string, ids: readonly string[]): string {
  let next = 0
  return template.replaceAll(/\{[^}]+\}/g, () => ids[next++ % ids.length] as string)
}

/** What a server that decodes once and then resolves dot segments (WHATWG URL rules) would serve. */
function decodedThenNormalised(path: string): string {
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    return '<undecodable>'
  }
  return new URL(decoded.replaceAll('\\', '/'), 'http://service.test').pathname
}

describe('request paths that could mean another resource to another server', () => {
  it.each([
    ['/Campaigns/../Contracts', 'dotSegment'],
    ['/Campaigns/./Contracts', 'dotSegment'],
    ['/Campaigns/..;/Contracts', 'dotSegment'],
    ['/Campaigns/%2e%2e/Contracts', 'encodedDelimiter'],
    ['/Campaigns/%2E%2e/Contracts', 'encodedDelimiter'],
    ['/Campaigns/.%2e/Contracts', 'encodedDelimiter'],
    ['/Campaigns/%2e/Contracts', 'encodedDelimiter'],
    ['/Campaigns/c_1%2fx/Contracts', 'encodedDelimiter'],
    ['/Campaigns/c_1%5Cx/Contracts', 'encodedDelimiter'],
    ['/Campaigns/%252e%252e/Contracts', 'encodedDelimiter'],
    ['/Campaigns/..%3B/Contracts', 'encodedDelimiter'],
    ['/Campaigns/..%3bx=1/Contracts', 'encodedDelimiter'],
    ['/Campaigns/c_1%3F/Contracts', 'encodedDelimiter'],
    ['/Campaigns/c_1%23/Contracts', 'encodedDelimiter'],
    ['/Campaigns/%c0%ae%c0%ae/Contracts', 'malformedEncoding'],
    ['/Campaigns/c_1%ff/Contracts', 'malformedEncoding'],
    ['/Campaigns//Contracts', 'emptySegment'],
    ['/Campaigns/c_1/Contracts/', 'emptySegment'],
    ['/', 'emptySegment'],
    ['/Campaigns\\c_1/Contracts', 'backslash'],
    ['/Campaigns/c%zz/Contracts', 'malformedEncoding'],
    ['Campaigns/c_1/Contracts', 'notAbsolute'],
    ['/Campaigns/..%00/Contracts', 'controlCharacter'],
    ['/Campaigns/c_1%0d%0aX:y/Contracts', 'controlCharacter'],
    ['/Campaigns/c_1\u0000/Contracts', 'controlCharacter'],
    ['/Campaigns/c_1%7F/Contracts', 'controlCharacter'],
  ])('refuses %s as %s and matches it to no template', (path, fault) => {
    expect(requestPathFaultOf(path)).toBe(fault)
    expect(templateOfPath('brand', 'v14', path)).toBeUndefined()
    expect(() => scopeOfRequest('brand', 'v14', 'GET', path)).toThrow(
      expect.objectContaining({ code: 'RequestPathNotCanonical', params: { reason: fault } }),
    )
  })

  it('looks only at the path of a request target, not its query or fragment', () => {
    expect(requireCanonicalRequestPath('/Reports?from=../x&to=%2e%2e')).toBe('/Reports')
    expect(scopeOfRequest('brand', 'v14', 'GET', '/Tokens/tok_1?expand=..#%2f')).toBe('GET /Tokens/{Id}')
    expect(() => requireCanonicalRequestPath('/Tokens/..?expand=1')).toThrow(TokenConsoleError)
  })

  it('never matches a path with a hostile segment anywhere, in any kind and version (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CATALOG_PATHS),
        fc.array(SAFE_SEGMENT, { minLength: 1, maxLength: 3 }),
        HOSTILE_SEGMENT,
        fc.nat(),
        ({ kind, version, template }, ids, hostile, at) => {
          const segments = instantiate(template, ids).split('/').slice(1)
          segments.splice(at % (segments.length + 1), 0, hostile)
          const path = `/${segments.join('/')}`
          expect(templateOfPath(kind, version, path)).toBeUndefined()
          expect(() => scopeOfRequest(kind, version, 'GET', path)).toThrow(
            expect.objectContaining({ code: 'RequestPathNotCanonical' }),
          )
        },
      ),
      { numRuns: 2_000 },
    )
  })

  it('replaces a placeholder by a hostile segment: never the template (property)', () => {
    const templated = CATALOG_PATHS.filter(({ template }) => template.includes('{'))
    fc.assert(
      fc.property(fc.constantFrom(...templated), HOSTILE_SEGMENT, ({ kind, version, template }, hostile) => {
        expect(templateOfPath(kind, version, instantiate(template, [hostile]))).toBeUndefined()
      }),
      { numRuns: 1_000 },
    )
  })

  it('matches only paths that a decoding, normalising server reads as the very same path (property)', () => {
    const piece = fc.oneof(
      SAFE_SEGMENT,
      HOSTILE_SEGMENT,
      fc.constantFrom('Tokens', 'Reset', 'Campaigns', 'Contracts'),
    )
    fc.assert(
      fc.property(
        fc.constantFrom(...ACCOUNT_KINDS),
        fc.array(piece, { minLength: 1, maxLength: 5 }),
        (kind, pieces) => {
          const path = `/${pieces.join('/')}`
          const version = API_VERSIONS[kind].at(-1) as string
          if (templateOfPath(kind, version, path) === undefined) return
          expect(requestPathFaultOf(path)).toBeUndefined()
          expect(new URL(path, 'http://service.test').pathname).toBe(path)
          expect(decodedThenNormalised(path)).toBe(path)
        },
      ),
      { numRuns: 3_000 },
    )
  })

  it('still matches every catalog template instantiated with any well-formed ids (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CATALOG_PATHS),
        fc.array(SAFE_SEGMENT, { minLength: 1, maxLength: 3 }),
        ({ kind, version, template }, ids) => {
          const path = instantiate(template, ids)
          expect(requestPathFaultOf(path)).toBeUndefined()
          const matched = templateOfPath(kind, version, path)
          // A literal path of the catalog wins over a template when an id spells it (`/Tokens/Reset`).
          expect(matched === template || matched === path).toBe(true)
        },
      ),
      { numRuns: 2_000 },
    )
  })
})
