import type { Scope } from '@tokens/core'
import type { Context } from 'hono'
import { ApiProblem } from '../http/api-problem.js'
import type { AppEnv } from '../http/app-env.js'

/**
 * The route's own scope, fixed when the route is registered, must be among the credential's: one
 * lookup in the set the core built when it loaded the token, never a scan. Else 403 naming it.
 */
export function requireScope(c: Context<AppEnv>, scope: Scope): void {
  if (!c.get('credential').scopes.has(scope)) throw new ApiProblem('ScopeMissing', { params: { scope } })
}
