import { z } from 'zod'

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
export const HttpMethod = z.enum(HTTP_METHODS)
export type HttpMethod = z.infer<typeof HttpMethod>

/** A scope is `"<METHOD> <path template>"`, e.g. `GET /Reports` or `PUT /Tokens/{Id}`. */
export const Scope = z
  .string()
  .max(200)
  .regex(/^(GET|POST|PUT|PATCH|DELETE) \/[A-Za-z0-9/{}_-]*$/)
export type Scope = z.infer<typeof Scope>

export function scopeOf(method: HttpMethod, pathTemplate: string): Scope {
  return `${method} ${pathTemplate}`
}

export function parseScope(scope: Scope): { method: HttpMethod; path: string } {
  const space = scope.indexOf(' ')
  return { method: scope.slice(0, space) as HttpMethod, path: scope.slice(space + 1) }
}
