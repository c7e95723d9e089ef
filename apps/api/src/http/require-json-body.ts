import type { MiddlewareHandler } from 'hono'
import { ApiProblem, type FieldIssue } from './api-problem.js'
import type { AppEnv } from './app-env.js'
import { cacheRequestBody } from './node-request-body.js'

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json$/i
const READS_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Refuses malformed bytes instead of replacing them with U+FFFD, which would store a different text. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })
const lenientUtf8 = new TextDecoder('utf-8')

const REPLACEMENT = '\uFFFD'
const LONE_SURROGATE = /\p{Cs}/u

/**
 * Unsafe requests carry JSON or nothing. A form or text/plain body (what a cross-site page can send
 * without a preflight) is refused before anything reads it as input, and malformed JSON is refused
 * here with its own code. The body must be well-formed UTF-8 and its strings well-formed Unicode
 * (no lone surrogate from a `\uD800` escape): otherwise 400 ValidationFailed names the fields
 * (reason `malformedText`). The bytes stay cached for the route's schema validation, which decodes
 * them again: well-formed, they read the same either way.
 */
export const requireJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!READS_BODY.has(c.req.method)) return next()
  const contentType = c.req.header('content-type')
  const mediaType = contentType?.split(';')[0]?.trim() ?? ''
  if (contentType !== undefined && !JSON_MEDIA_TYPE.test(mediaType))
    throw new ApiProblem('UnsupportedMediaType')
  // Served by Node, limitBody already holds the bytes; asking the raw request would build a Fetch Request.
  const bytes =
    c.req.bodyCache.arrayBuffer === undefined && c.req.raw.body === null
      ? new Uint8Array()
      : new Uint8Array(await c.req.arrayBuffer())
  const text = wellFormedUtf8(bytes)
  if (text === undefined) {
    if (contentType === undefined) throw new ApiProblem('UnsupportedMediaType')
    throw malformedUtf8(lenientUtf8.decode(bytes))
  }
  // The route's validator reads the text from here (Hono's json() parses the cached text): not the bytes again.
  cacheRequestBody(c.req, { text })
  if (text.trim() === '') return next()
  if (contentType === undefined) throw new ApiProblem('UnsupportedMediaType')
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new ApiProblem('MalformedJson')
  }
  // A lone surrogate comes from a \uD800-style escape (the bytes themselves were valid UTF-8).
  if (text.includes('\\u')) {
    const errors = fieldsWith(body, (value) => LONE_SURROGATE.test(value))
    if (errors.length > 0) throw new ApiProblem('ValidationFailed', { errors })
  }
  return next()
}

function wellFormedUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return undefined
  }
}

/** Malformed bytes, reported at the fields they fall in (read leniently, where they show as U+FFFD). */
function malformedUtf8(lenient: string): ApiProblem {
  let body: unknown
  try {
    body = JSON.parse(lenient)
  } catch {
    return new ApiProblem('MalformedJson')
  }
  const errors = fieldsWith(body, (value) => value.includes(REPLACEMENT))
  return new ApiProblem('ValidationFailed', {
    errors: errors.length > 0 ? errors : [{ path: '', reason: 'malformedText' }],
  })
}

/** Deeper than any body the API accepts: the route's schema refuses such a shape anyway. */
const MAX_DEPTH = 32

/** Paths of the strings (values or keys) the test picks, at most 50, as field issues. */
function fieldsWith(body: unknown, picks: (value: string) => boolean): FieldIssue[] {
  const found: FieldIssue[] = []
  const visit = (value: unknown, path: string[]): void => {
    if (found.length >= 50 || path.length > MAX_DEPTH) return
    if (typeof value === 'string') {
      if (picks(value)) found.push({ path: path.join('.'), reason: 'malformedText' })
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, String(index)]))
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (picks(key)) found.push({ path: path.join('.'), reason: 'malformedText' })
        else visit(item, [...path, key])
      }
    }
  }
  visit(body, [])
  return found
}
