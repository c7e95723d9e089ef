import type { Scope } from '@tokens/core'
import type { MiddlewareHandler } from 'hono'
import { ApiProblem } from '../http/api-problem.js'
import type { AppEnv } from '../http/app-env.js'

/** The route's own scope must be among the credential's (a set: one lookup), else 403 naming it. */
export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get('credential').scopes.has(scope)) throw new ApiProblem('ScopeMissing', { params: { scope } })
    await next()
  }
}
