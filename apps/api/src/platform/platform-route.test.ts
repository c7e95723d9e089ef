import type { MiddlewareHandler } from 'hono'
import { describe, expect, it, vi } from 'vitest'
import type { AppEnv } from '../http/app-env.js'
import { RATE_LIMIT_HEADERS } from './limit-token-rate.js'
import { platformRoutes } from './platform-route.js'

const answer = { description: 'The token.' }

describe('platformRoute', () => {
  it('derives the method and the /platform path from the scope and guards the route with that scope', () => {
    const guardOfScope: MiddlewareHandler<AppEnv> = async (_c, next) => next()
    const guard = vi.fn(() => guardOfScope)
    const route = platformRoutes(guard)('POST /Tokens/{Id}/Reset', {
      summary: 'Reset',
      description: 'Resets.',
      responses: { 200: answer },
    })
    expect(route).toMatchObject({
      method: 'post',
      path: '/platform/Tokens/{Id}/Reset',
      tags: ['Platform API'],
    })
    expect(guard).toHaveBeenCalledWith('POST /Tokens/{Id}/Reset')
    expect(route.middleware).toBe(guardOfScope)
    expect(route.description).toContain('Required scope: `POST /Tokens/{Id}/Reset`.')
  })

  it('adds the RateLimit headers to its answers and the guard’s problems to its own', () => {
    const route = platformRoutes(() => async (_c, next) => next())('GET /Tokens/{Id}', {
      summary: 'Read',
      description: 'Reads.',
      responses: { 200: answer },
      problems: [404],
    })
    expect(route.responses[200]).toEqual({ ...answer, headers: RATE_LIMIT_HEADERS })
    expect(Object.keys(route.responses)).toEqual(['200', '400', '401', '403', '404', '429'])
    expect(route.parameters).toEqual([expect.objectContaining({ name: 'Api-Version', in: 'header' })])
  })

  it('refuses a scope that no catalog holds, which no token could ever be granted', () => {
    const platformRoute = platformRoutes(() => async (_c, next) => next())
    expect(() =>
      platformRoute('GET /Tokenz', { summary: 'Typo', description: 'Typo.', responses: {} }),
    ).toThrow(RangeError)
  })
})
