import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ApiProblem } from './api-problem.js'
import type { AppEnv } from './app-env.js'

export const BODY_LIMIT_BYTES = 1_048_576

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
 */
export function limitBody(maxBytes: number = BODY_LIMIT_BYTES): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiProblem('PayloadTooLarge', { params: { limit: describeBytes(maxBytes) } })
    },
  })
  // GET and HEAD bodies are never read (the Node adapter does not even pass them on), and asking a
  // request for its body makes the adapter build a full Fetch Request: work every GET would pay.
  return (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next))
}
