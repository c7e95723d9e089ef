import { TokenConsoleError } from '@tokens/core'
import type { VerifiedCredential } from '@tokens/core/server'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { invalidCredentials } from '../platform/authenticate-basic.js'
import type { AppEnv } from './app-env.js'
import { handleErrors } from './handle-errors.js'

describe('answering errors', () => {
  const app = new Hono<AppEnv>()
  app.onError(handleErrors(() => undefined))
  app.get('/refused-by-the-guard', () => {
    throw invalidCredentials()
  })
  app.get('/refused-by-the-core-after-the-guard', (c) => {
    c.set('credential', { tokenId: 'tok_1' } as VerifiedCredential)
    throw new TokenConsoleError('InvalidCredentials')
  })
  app.get('/wrong-password', () => {
    throw new TokenConsoleError('InvalidCredentials')
  })

  it('answers a credential the core refuses after the guard let it in exactly as the guard answers a bad one, challenge included', async () => {
    const guard = await app.request('/refused-by-the-guard')
    const core = await app.request('/refused-by-the-core-after-the-guard')
    expect(core.status).toBe(401)
    expect(core.headers.get('www-authenticate')).toBe('Basic realm="Token Console"')
    expect(Object.fromEntries(core.headers)).toEqual(Object.fromEntries(guard.headers))
    expect(await core.text()).toBe(await guard.text())
  })

  it('sends no Basic challenge with a refused sign-in, which no Basic credential made', async () => {
    const res = await app.request('/wrong-password')
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBeNull()
  })
})
