import { allScopes, firstVersionWithScope, type Scope } from '@tokens/core'
import type { Context } from 'hono'
import { ApiProblem } from '../http/api-problem.js'
import type { AppEnv } from '../http/app-env.js'

/**
 * The route's own scope, fixed when the route is registered, must be among the credential's: one
 * lookup in the set the core built when it loaded the token, never a scan. Else 403 naming it; or,
 * for an endpoint the token's API version does not have (no scope could grant it), 403
 * EndpointNotInVersion naming the token's version and the first one that has the endpoint.
 */
export function requireScope(c: Context<AppEnv>, scope: Scope): void {
  const credential = c.get('credential')
  if (credential.scopes.has(scope)) return
  const sinceVersion = allScopes(credential.accountKind, credential.apiVersion).has(scope)
    ? undefined
    : firstVersionWithScope(credential.accountKind, scope)
  if (sinceVersion !== undefined) {
    throw new ApiProblem('EndpointNotInVersion', {
      params: { scope, tokenVersion: credential.apiVersion, sinceVersion },
    })
  }
  throw new ApiProblem('ScopeMissing', { params: { scope } })
}
