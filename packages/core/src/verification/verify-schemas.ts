import { z } from 'zod'
import { AccountKind } from '../accounts/account-kinds.js'
import { HttpMethod, Scope } from '../scopes/scope.js'

/**
 * POST /verify: another service asks whether a credential may do something, either as the
 * pair plus the request it wants to make, or as the raw Authorization header plus a scope.
 */
export const VerifyInput = z.union([
  z.strictObject({
    accountSid: z.string().max(256),
    authToken: z.string().max(256),
    method: HttpMethod,
    path: z.string().startsWith('/').max(2_048),
  }),
  z.strictObject({ authorization: z.string().max(4_096), scope: Scope }),
])
export type VerifyInput = z.infer<typeof VerifyInput>

/** Never the token's id: a relaying service has no use for it, and it is a handle for the platform API. */
export const VerifyResult = z.object({
  valid: z.literal(true),
  account: z.object({ id: z.string(), kind: AccountKind, name: z.string() }),
  apiVersion: z.string(),
  scopes: z.array(z.string()),
})
export type VerifyResult = z.infer<typeof VerifyResult>
