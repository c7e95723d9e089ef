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

/**
 * For what only people do, in the console: the account's policy and webhooks, renewing and rotating
 * tokens, marking leaks handled and checking credentials. The platform API offers none of them,
 * and a token doing them would need delegation rules of its own (a 24-hour token renewing itself to
 * never expire, a narrow one turning the leak response off): a token is refused as a role without
 * the right is (RoleNotPermitted).
 */
export function requireUserTokenManager(context: ActorContext): void {
  if (context.actor.type === 'token') throw new TokenConsoleError('RoleNotPermitted')
  requireTokenManager(context)
}

export function auditActorOf(context: ActorContext): AuditActor {
  return context.actor.type === 'user'
    ? { type: 'user', userId: context.actor.userId }
    : { type: 'token', tokenId: context.actor.tokenId }
}
