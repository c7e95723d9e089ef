import { allScopes, firstVersionWithScope, type Scope } from '@tokens/core'
import type { VerifiedCredential } from '@tokens/core/server'
import type { Context } from 'hono'
import { ApiProblem } from '../http/api-problem.js'
import type { AppEnv } from '../http/app-env.js'

/**
 * The route's own scope, fixed when the route is registered, must be among the credential's: one
 * lookup in the set the core built when it loaded the token, never a scan. Else the refusal of
 * missingScopeProblem.
 */
export function requireScope(c: Context<AppEnv>, scope: Scope): void {
  const credential = c.get('credential')
  if (!credential.scopes.has(scope)) throw missingScopeProblem(credential, scope)
}

/**
 * The refusal of a scope the credential lacks, on the platform API and /verify alike: 403
 * ScopeMissing naming it; or, for an endpoint the token's API version does not have (no scope could
 * grant it there), 403 EndpointNotInVersion naming the token's version and the first that has it.
 */
export function missingScopeProblem(
  credential: Pick<VerifiedCredential, 'accountKind' | 'apiVersion'>,
  scope: string,
  headers?: Record<string, string>,
): ApiProblem {
  const sinceVersion = allScopes(credential.accountKind, credential.apiVersion).has(scope as Scope)
    ? undefined
    : firstVersionWithScope(credential.accountKind, scope)
  const options = headers ? { headers } : {}
  return sinceVersion === undefined
    ? new ApiProblem('ScopeMissing', { params: { scope }, ...options })
    : new ApiProblem('EndpointNotInVersion', {
        params: { scope, tokenVersion: credential.apiVersion, sinceVersion },
        ...options,
      })
}
