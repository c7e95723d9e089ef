import type { MiddlewareHandler } from 'hono'
import { ApiProblem } from '../http/api-problem.js'
import type { AppEnv } from '../http/app-env.js'

export const API_VERSION_HEADER = 'Api-Version'

/** A caller may state the API version it expects; a token is compatible with exactly one. */
export const checkApiVersion: MiddlewareHandler<AppEnv> = async (c, next) => {
  const requested = c.req.header(API_VERSION_HEADER)
  const tokenVersion = c.get('credential').apiVersion
  if (requested !== undefined && requested.trim() !== tokenVersion) {
    throw new ApiProblem('ApiVersionMismatch', {
      params: { tokenVersion, requestedVersion: requested.trim().slice(0, 32) },
    })
  }
  await next()
}
