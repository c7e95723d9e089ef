import { tokenActorOf } from '@tokens/core/server'
import type { Context } from 'hono'
import type { ApiDeps } from '../api-deps.js'
import { ApiProblem } from '../http/api-problem.js'
import type { AppEnv } from '../http/app-env.js'
import { clientAddress } from '../http/client-address.js'
import { requestHeader } from '../http/request-header.js'
import { accountSidOfBasicHeader, type CredentialFailureThrottle } from './credential-failure-throttle.js'

export const BASIC_CHALLENGE = 'Basic realm="Token Console"'

/**
 * The one answer to every bad credential, whatever was wrong with it. Its code is the sign-in's
 * too; its text speaks of the Account SID and Auth Token, not an e-mail address and password.
 */
export function invalidCredentials(): ApiProblem {
  return new ApiProblem('InvalidCredentials', {
    headers: { 'WWW-Authenticate': BASIC_CHALLENGE },
    detailKey: 'api.invalidTokenCredentials',
  })
}

/**
 * Basic auth through the core's verification: the token becomes the actor of the request. Missing,
 * malformed, unknown, wrong, disabled and deleted credentials all get the same 401. A use is
 * recorded for the token's last-used time (the core batches the writes). The first step of the
 * platform guard (platform-guard.ts).
 */
export function authenticateBasic(
  deps: Pick<ApiDeps, 'core' | 'trustProxy'>,
  throttle: CredentialFailureThrottle,
): (c: Context<AppEnv>) => Promise<void> {
  return async (c) => {
    const header = requestHeader(c, 'authorization')
    const address = clientAddress(c, deps.trustProxy)
    const parsed = deps.core.verification.parseAuthorization(header)
    const sid = accountSidOfBasicHeader(header, parsed)
    const checking = throttle.check(address, sid)
    if (checking) await checking
    const credential = await deps.core.verification.verifyBasic(parsed)
    if (!credential) {
      throttle.failed(address, sid)
      throw invalidCredentials()
    }
    deps.core.verification.recordUse(credential.tokenId, credential.rotationSecret)
    c.set('credential', credential)
    c.set('actor', tokenActorOf(credential, address))
  }
}
