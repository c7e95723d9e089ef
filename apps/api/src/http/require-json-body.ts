import type { MiddlewareHandler } from 'hono'
import { ApiProblem } from './api-problem.js'
import type { AppEnv } from './app-env.js'

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json$/i
const READS_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Unsafe requests carry JSON or nothing. A form or text/plain body (what a cross-site page can send
 * without a preflight) is refused before anything reads it as input, and malformed JSON is refused
 * here with its own code. The parsed text stays cached for the route's schema validation.
 */
export const requireJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!READS_BODY.has(c.req.method)) return next()
  const contentType = c.req.header('content-type')
  const mediaType = contentType?.split(';')[0]?.trim() ?? ''
  if (contentType !== undefined && !JSON_MEDIA_TYPE.test(mediaType))
    throw new ApiProblem('UnsupportedMediaType')
  const text = c.req.raw.body === null ? '' : await c.req.text()
  if (text.trim() === '') return next()
  if (contentType === undefined) throw new ApiProblem('UnsupportedMediaType')
  try {
    JSON.parse(text)
  } catch {
    throw new ApiProblem('MalformedJson')
  }
  return next()
}
