import { canManageApiTokens } from '../../access/roles.js'
import type { AuditActor } from '../../audit/audit-schemas.js'
import { TokenConsoleError } from '../../errors/error-codes.js'
import type { ActorContext } from '../core-contract.js'

/**
 * The role rule at the service boundary. Users need a role that may manage API tokens; integrations
 * acting with a token were already authorised by scope in the platform API.
 */
export function requireTokenManager(context: ActorContext): void {
  if (context.actor.type === 'user' && !canManageApiTokens(context.actor.role)) {
    throw new TokenConsoleError('RoleNotPermitted')
  }
}

export function auditActorOf(context: ActorContext): AuditActor {
  return context.actor.type === 'user'
    ? { type: 'user', userId: context.actor.userId }
    : { type: 'token', tokenId: context.actor.tokenId }
}
