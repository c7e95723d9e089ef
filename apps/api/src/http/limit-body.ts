import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ApiProblem } from './api-problem.js'
import type { AppEnv } from './app-env.js'
import { cacheRequestBody, readNodeBody } from './node-request-body.js'

export const BODY_LIMIT_BYTES = 1_048_576

/** The methods whose requests may carry a body this middleware limits (app.ts registers it for these only). */
export const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE']

function describeBytes(bytes: number): string {
  return bytes % 1_048_576 === 0
    ? `${bytes / 1_048_576} MB`
    : bytes % 1_024 === 0
      ? `${bytes / 1_024} KB`
      : `${bytes} B`
}

/**
 * Refuses bodies over the limit before any handler runs: by Content-Length when it is declared,
 * otherwise by counting while the body is read in full (chunked uploads).
 *
 * Served by Node, the body is read here, once, straight from Node's stream, and handed to every
 * later reader through Hono's body cache (`c.req.arrayBuffer()`, `text()`, `json()`): no Fetch
 * Request, web stream or Response is built around it. Without Node's request (tests'
 * `app.request`), Hono's bodyLimit checks the Fetch Request as before.
 */
export function limitBody(maxBytes: number = BODY_LIMIT_BYTES): MiddlewareHandler<AppEnv> {
  const tooLarge = () => new ApiProblem('PayloadTooLarge', { params: { limit: describeBytes(maxBytes) } })
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge()
    },
  })
  return async (c, next) => {
    // GET and HEAD bodies are never read (the Node adapter does not even pass them on), and asking a
    // request for its body makes the adapter build a full Fetch Request: work every GET would pay.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const incoming = c.env?.incoming
    if (incoming === undefined) return limit(c, next)
    const body = await readNodeBody(incoming, maxBytes)
    if (!('bytes' in body)) throw tooLarge()
    cacheRequestBody(c.req, { arrayBuffer: body.bytes.buffer as ArrayBuffer })
    return next()
  }
}
