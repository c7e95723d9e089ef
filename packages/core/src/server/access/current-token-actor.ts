import { AccountKind } from '../../accounts/account-kinds.js'
import { TokenConsoleError } from '../../errors/error-codes.js'
import { TokenState } from '../../tokens/token-schemas.js'
import type { ActorContext } from '../core-contract.js'
import { requireManagingSecret } from './require-delegable.js'
import { decodeDigest, digestsEqual } from '../crypto/secret-digest.js'
import type { DatabaseDialectName } from '../database/open-database.js'
import type { Executor, TokensTable } from '../database/schema.js'
import { isRotationOpen, rotationTimesOf } from '../lifecycle/rotation-end.js'
import { tokenStateAt } from '../lifecycle/token-state-at.js'
import { grantedScopes, loadScopedScopes } from '../tokens/token-records.js'

export interface CurrentActorDeps {
  dialect: DatabaseDialectName
  now: () => Date
}

/**
 * The acting token as it stands inside a write's transaction. A request is authenticated before its
 * write begins, from a cache or, on PostgreSQL, on an instance that may not have heard of a change
 * yet; meanwhile its token may have been deleted, disabled, expired, reset, narrowed or put into
 * rotation. So a write by a token reads that token's row again in its own transaction (locked on
 * PostgreSQL: a change to it waits for this write, or this write for that change): the secret
 * presented must still verify, else InvalidCredentials (the platform API's one 401), and what it
 * may grant is what the row grants now, its secret being retired included. A user is answered as is
 * (roles are read at every session resume).
 */
export async function currentActorOf(
  trx: Executor,
  context: ActorContext,
  deps: CurrentActorDeps,
): Promise<ActorContext> {
  const { actor } = context
  if (actor.type !== 'token') return context
  const row = await trx
    .selectFrom('tokens')
    .innerJoin('accounts', 'accounts.id', 'tokens.account_id')
    .selectAll('tokens')
    .select('accounts.kind as account_kind')
    .where('tokens.account_id', '=', context.accountId)
    .where('tokens.id', '=', actor.tokenId)
    // The token's row only: the account's stays free for the account's own writes.
    .$if(deps.dialect === 'postgres', (query) => query.forUpdate('tokens'))
    .executeTakeFirst()
  const now = deps.now()
  const secret = row && secretPresented(row, actor.secretDigest, now)
  if (!row || !secret || tokenStateAt(TokenState.parse(row.state), row.expires_at, now) !== 'enabled') {
    throw new TokenConsoleError('InvalidCredentials')
  }
  const stored = (await loadScopedScopes(trx, [row.id])).get(row.id) ?? []
  return {
    ...context,
    actor: {
      ...actor,
      scopes: new Set(grantedScopes(AccountKind.parse(row.account_kind), row, stored)),
      rateLimitPerHour: row.rate_limit_per_hour,
      expiresAtMs: row.expires_at === null ? null : Date.parse(row.expires_at),
      retiringSecret: secret === 'old',
    },
  }
}

/** The caller of a token write or reveal as it stands now (currentActorOf), holding a secret that may manage tokens (requireManagingSecret). */
export async function currentManagingActorOf(
  trx: Executor,
  context: ActorContext,
  deps: CurrentActorDeps,
): Promise<ActorContext> {
  const acting = await currentActorOf(trx, context, deps)
  requireManagingSecret(acting)
  return acting
}

/** Which of the row's auth tokens the digest is of: the current one, a rotation's previous one while it is open, or none. */
function secretPresented(row: TokensTable, digest: Buffer, now: Date): 'current' | 'old' | null {
  // Both digests are under the current digest key, as the one verification compared with.
  if (digestsEqual(digest, decodeDigest(row.secret_digest))) return 'current'
  const rotation = rotationTimesOf(row)
  if (
    isRotationOpen(rotation, now.getTime()) &&
    digestsEqual(digest, decodeDigest(row.rotation_old_digest as string))
  )
    return 'old'
  return null
}
