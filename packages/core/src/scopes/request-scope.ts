import type { AccountKind } from '../accounts/account-kinds.js'
import { templateOfPath } from './catalog.js'
import { requireCanonicalRequestPath } from './request-path.js'
import type { HttpMethod, Scope } from './scope.js'

/**
 * The scope a concrete request needs: its method and the catalog template its path instantiates
 * (`GET /Tokens/tok_1?x=1` → `GET /Tokens/{Id}`), or the bare path when no template matches, so a
 * refusal can name it. A path that is not canonical throws RequestPathNotCanonical instead.
 */
export function scopeOfRequest(
  kind: AccountKind,
  apiVersion: string,
  method: HttpMethod,
  target: string,
): Scope {
  const path = requireCanonicalRequestPath(target)
  return `${method} ${templateOfPath(kind, apiVersion, path) ?? path.slice(0, 200)}`
}
