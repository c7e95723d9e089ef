import type { Hook } from '@hono/zod-openapi'
import { negotiateLocale, type Locale } from '@tokens/core'
import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import type { UnofficialStatusCode } from 'hono/utils/http-status'
import type { ZodError } from 'zod'
import { refusedStatusOf } from './answer-client-error.js'
import { ApiProblem, type FieldIssue } from './api-problem.js'
import type { AppEnv } from './app-env.js'
import type { LogSink } from './log-entry.js'
import { invalidCredentials } from '../platform/authenticate-basic.js'
import { RequestBodyAborted } from './node-request-body.js'
import { problemOf, problemResponse } from './problem-details.js'

/** Admin API: the user's saved language first; otherwise (and on the platform API) Accept-Language. */
export function problemLocale(c: Context<AppEnv>): Locale {
  return c.get('userLocale') ?? negotiateLocale(c.req.header('accept-language'))
}

/** The error's stack without its first line: the message may quote input, the frames never do. */
function framesOf(error: unknown): string | null {
  if (!(error instanceof Error) || !error.stack) return null
  return error.stack.split('\n').slice(1, 8).join('\n').trim()
}

const CLIENT_CLOSED_REQUEST = 499 as UnofficialStatusCode

export function handleErrors(log: LogSink): ErrorHandler<AppEnv> {
  return (error, c) => {
    // The client left mid-body: no one to answer, nothing failed here. Logged and counted as 499
    // (the status proxies use for a client that closed its request), never as a 500. When Node
    // refused the rest of the request (malformed, or not received in time) and answered it
    // (answer-client-error.ts), with the status that answer had.
    if (error instanceof RequestBodyAborted) {
      const refused = refusedStatusOf(c.env?.incoming?.socket) as UnofficialStatusCode | undefined
      return c.body(null, refused ?? CLIENT_CLOSED_REQUEST)
    }
    const problem = problemOf(error)
    if (problem) {
      // A credential the core refuses after the guard let it in (its token changed in between,
      // current-token-actor.ts) gets the guard's very 401, challenge included.
      const answer =
        problem.code === 'InvalidCredentials' && c.get('credential') ? invalidCredentials() : problem
      return problemResponse(c, answer, problemLocale(c))
    }
    log({
      level: 'error',
      event: 'request.failed',
      requestId: c.get('requestId') ?? null,
      error: error.name,
      code: 'code' in error && typeof error.code === 'string' ? error.code : null,
      frames: framesOf(error),
    })
    return problemResponse(c, new ApiProblem('Internal'), problemLocale(c))
  }
}

export const handleNotFound: NotFoundHandler<AppEnv> = (c) =>
  problemResponse(c, new ApiProblem('NotFound'), problemLocale(c))

const REASON_KEY = /^[a-z][A-Za-z]*$/

/** Zod issues as field issues: where and why, in machine-readable words, never the value sent. */
export function fieldIssuesOf(error: ZodError): FieldIssue[] {
  return error.issues.slice(0, 50).map((issue) => {
    const reason = REASON_KEY.test(issue.message) ? issue.message : issue.code
    const path = issue.path.map(String).join('.')
    return issue.code === 'unrecognized_keys'
      ? { path, reason, keys: issue.keys.slice(0, 20).map((key) => key.slice(0, 100)) }
      : { path, reason }
  })
}

/** What every route does when its zod schemas refuse the request: 400 ValidationFailed with the issues. */
export const refuseInvalidInput: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) throw new ApiProblem('ValidationFailed', { errors: fieldIssuesOf(result.error) })
}
