import type { TokenWithCredentials } from '@tokens/core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { basic, bodyOf, openApiFixture, type ApiFixture } from '../test-support/api-fixture.js'

/**
 * An {Id} that is a dot segment, an encoded separator or an encoded dot: the URL parser resolves
 * what it can (`..`, `%2e%2e`, backslashes) before routing, and the id's own schema refuses the
 * rest, so no such shape ever reaches a token lookup.
 */
const HOSTILE_IDS = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E',
  '.%2e',
  '%2e.',
  '%2e',
  '..;',
  '..%3b',
  '%252e%252e',
  'tok_1%2f..',
  'tok_1%2F..%2F..',
  'tok_1%5c..',
  'tok_1%5C..%5CTokens',
  'tok_1\\..',
  '',
]

const ROUTES = [
  { method: 'GET', path: (id: string) => `/platform/Tokens/${id}` },
  { method: 'PUT', path: (id: string) => `/platform/Tokens/${id}` },
  { method: 'DELETE', path: (id: string) => `/platform/Tokens/${id}` },
  { method: 'POST', path: (id: string) => `/platform/Tokens/${id}/Reset` },
]

const CASES = ROUTES.flatMap((route) =>
  HOSTILE_IDS.map((id) => ({ method: route.method, path: route.path(id) })),
)

describe('platform routes given an {Id} that is not a plain id', () => {
  let f: ApiFixture
  let manager: TokenWithCredentials
  beforeAll(async () => {
    f = await openApiFixture()
    manager = await f.createToken(f.a, {
      scopes: [
        'GET /Tokens',
        'GET /Tokens/{Id}',
        'PUT /Tokens/{Id}',
        'DELETE /Tokens/{Id}',
        'POST /Tokens/{Id}/Reset',
      ],
    })
  })
  afterAll(() => f.close())

  it.each(CASES)('$method $path answers 400 or 404 and never looks a token up', async ({ method, path }) => {
    const lookups = [
      vi.spyOn(f.core.tokens, 'get'),
      vi.spyOn(f.core.tokens, 'update'),
      vi.spyOn(f.core.tokens, 'remove'),
      vi.spyOn(f.core.tokens, 'reset'),
    ]
    try {
      const res = await f.call(method, path, {
        headers: { authorization: basic(manager.credentials.accountSid, manager.credentials.authToken) },
        ...(method === 'PUT' ? { json: { name: 'Renamed' } } : {}),
      })
      expect([400, 404]).toContain(res.status)
      expect(await bodyOf(res)).toMatchObject({ code: res.status === 400 ? 'ValidationFailed' : 'NotFound' })
      for (const lookup of lookups) expect(lookup).not.toHaveBeenCalled()
    } finally {
      for (const lookup of lookups) lookup.mockRestore()
    }
  })

  it('leaves every token as it was', async () => {
    const list = await f.call('GET', '/platform/Tokens', {
      headers: { authorization: basic(manager.credentials.accountSid, manager.credentials.authToken) },
    })
    expect(list.status).toBe(200)
    expect((await f.core.tokens.get(f.a.admin.context, manager.token.id)).name).toBe(manager.token.name)
  })
})
