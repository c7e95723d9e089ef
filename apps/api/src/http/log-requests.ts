import { randomUUID } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { finishAnswerHeaders, startAnswerHeaders } from './answer-headers.js'
import type { AppEnv } from './app-env.js'
import type { LogSink } from './log-entry.js'

const PATH_MAX = 512

/**
 * Names the request, gives every answer its headers (security set, X-Request-Id, no-store:
 * answer-headers.ts) and writes one line per request: method, path (without its query string),
 * status, duration and request id. One middleware for both: every request passes here, and each
 * layer of Hono's chain costs a closure, a promise and a dispatch.
 * Headers, cookies and bodies are never read here, so no credential can reach the log.
 */
export function logRequests(log: LogSink): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = randomUUID()
    c.set('requestId', requestId)
    const started = performance.now()
    try {
      if (startAnswerHeaders(c, requestId)) {
        await next()
        finishAnswerHeaders(c, requestId)
      } else await next()
    } finally {
      log({
        level: 'info',
        event: 'request',
        requestId,
        method: c.req.method,
        path: c.req.path.slice(0, PATH_MAX),
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      })
    }
  }
}
