import type { Context } from 'hono'
import { ApiProblem } from '../http/api-problem.js'
import type { AppEnv } from '../http/app-env.js'
import { requestHeader } from '../http/request-header.js'

export const API_VERSION_HEADER = 'Api-Version'

/** A caller may state the API version it expects; a token is compatible with exactly one. A platform guard step. */
export function checkApiVersion(c: Context<AppEnv>): void {
  const requested = requestHeader(c, 'api-version')
  if (requested === undefined) return
  const tokenVersion = c.get('credential').apiVersion
  if (requested.trim() !== tokenVersion) {
    throw new ApiProblem('ApiVersionMismatch', {
      params: { tokenVersion, requestedVersion: requested.trim().slice(0, 32) },
    })
  }
}
