import type { components } from './generated/api-types.js'

export type Problem = components['schemas']['Problem']

/**
 * A refusal the API answered as application/problem+json (RFC 9457): `code` is the stable
 * machine-readable reason (e.g. `InvalidCredentials`, `RateLimited`), `detail` the localised text.
 */
export class ProblemError extends Error {
  readonly status: number
  readonly code: string
  readonly problem: Problem
  /** Seconds to wait before retrying (429, 503), from Retry-After. */
  readonly retryAfter: number | undefined

  constructor(problem: Problem, response: Response) {
    super(`${response.status} ${problem.code}: ${problem.detail}`)
    this.name = 'ProblemError'
    this.status = response.status
    this.code = problem.code
    this.problem = problem
    const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN)
    this.retryAfter = Number.isFinite(retryAfter) ? retryAfter : undefined
  }
}

/** Any other unsuccessful answer (the 431 the HTTP server sends without a body, a proxy's page). */
export class HttpError extends Error {
  readonly status: number

  constructor(response: Response) {
    super(`HTTP ${response.status}`)
    this.name = 'HttpError'
    this.status = response.status
  }
}

/** Throws the typed error of an unsuccessful answer; a successful one passes through. */
export async function throwUnlessOk(response: Response): Promise<void> {
  if (response.ok) return
  if (response.headers.get('content-type')?.startsWith('application/problem+json')) {
    throw new ProblemError((await response.clone().json()) as Problem, response)
  }
  throw new HttpError(response)
}
