import type { UsageOutcome } from '@tokens/core'
import { ApiProblem } from '../http/api-problem.js'

/** The outcome of an answered request, by its status. */
export function outcomeOfStatus(status: number): UsageOutcome {
  if (status === 429) return 'rateLimited'
  if (status >= 500) return 'serverError'
  if (status >= 400) return 'clientError'
  return 'ok'
}

/**
 * The outcome of a refusal the platform guard raised after the credential was verified: its
 * rate (429), a missing scope (403, counted against that scope), else a client error (version,
 * body); anything that is not an edge refusal failed on the server's side.
 */
export function outcomeOfRefusal(error: unknown): UsageOutcome {
  if (!(error instanceof ApiProblem)) return 'serverError'
  if (error.code === 'RateLimited') return 'rateLimited'
  // Also an endpoint the token's version lacks: a refusal, counted against that scope, not a use.
  if (error.code === 'ScopeMissing' || error.code === 'EndpointNotInVersion') return 'refused'
  return error.code === 'Busy' || error.code === 'StorageFull' || error.code === 'Internal'
    ? 'serverError'
    : 'clientError'
}
