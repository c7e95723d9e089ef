import { latestApiVersion } from '../../accounts/account-kinds.js'
import { TokenFilter } from '../../tokens/token-filter.js'
import {
  CreateTokenInput,
  DuplicateInput,
  UpdateTokenInput,
  UpgradeInput,
  TokenState,
  type TokenView,
} from '../../tokens/token-schemas.js'
import { searchableName } from '../../tokens/token-text.js'
import type { ActorContext, TokenConsoleCore } from '../core-contract.js'
import {
  actsOnItself,
  requireManagingSecret,
  defaultRateLimitOf,
  requireDelegable,
  requireOwnAccessUnchanged,
  type TokenAccess,
} from '../access/require-delegable.js'
import { auditActorOf, requireTokenManager } from '../access/require-token-manager.js'
import { requireAccount, type AccountRecord } from '../accounts/account-rows.js'
import { recordAuditEvent, type AuditDetails } from '../audit/record-audit-event.js'
import type { AuditAction } from '../../audit/audit-schemas.js'
import { generateId } from '../crypto/random-secrets.js'
import { runInTransaction, runQuery } from '../database/run-in-transaction.js'
import type { Executor, TokensTable } from '../database/schema.js'
import { parseInput } from '../input/parse-input.js'
import { duplicateStateOf } from '../../tokens/duplicate-state.js'
import { loadAccountPolicy } from '../lifecycle/account-policy.js'
import { requireExpiryWithinPolicy } from '../lifecycle/require-expiry-within-policy.js'
import { tokenStateAt } from '../lifecycle/token-state-at.js'
import { endRotationByReset } from '../lifecycle/token-lifecycle-service.js'
import { duplicateName } from './duplicate-name.js'
import { insertToken, replaceDeveloperEmails, replaceScopes } from './insert-token.js'
import { issueCredential, issueSecret } from './issue-credential.js'
import { listScopedTokens } from './list-scoped-tokens.js'
import { resolveUpgradeTarget } from './resolve-upgrade-target.js'
import { revealSealedSecret } from './reveal-sealed-secret.js'
import { runTokenWrite } from './run-token-write.js'
import type { TokenServiceDeps } from './token-service-deps.js'
import { writeTokenState } from './write-token-state.js'
import { loadScopedScopes, requireScopedToken, tokenViewOf } from './token-records.js'
import { requireApiVersionOf, requirePrimaryContact, validScopes } from './token-validation.js'

export function scopedTokenService(deps: TokenServiceDeps): TokenConsoleCore['tokens'] {
  const { db, dialect, keyring, now } = deps

  function audit(
    trx: Executor,
    context: ActorContext,
    action: AuditAction,
    tokenId: string,
    at: string,
    details?: AuditDetails,
  ) {
    return recordAuditEvent(trx, {
      accountId: context.accountId,
      actor: auditActorOf(context),
      action,
      tokenId,
      at,
      ip: context.ip,
      ...(details ? { details } : {}),
    })
  }

  /**
   * One mutation of one existing token: authorise, load it within the caller's account (another
   * account's token is "not found") under a row lock, change it in one transaction that also
   * announces the change, so it holds on every instance from the next request on.
   */
  async function mutate<T>(
    context: ActorContext,
    id: string,
    work: (trx: Executor, account: AccountRecord, row: TokensTable, at: string) => Promise<T>,
  ): Promise<T> {
    requireTokenManager(context)
    requireManagingSecret(context)
    return runTokenWrite(deps, async (trx, changing) => {
      const account = await requireAccount(trx, context.accountId)
      const row = await requireScopedToken(trx, context.accountId, id, dialect === 'postgres')
      changing(row.sid)
      return work(trx, account, row, now().toISOString())
    })
  }

  /** The scopes (stored, catalog order) and rate limit a scoped token grants. */
  async function accessOf(trx: Executor, row: TokensTable): Promise<TokenAccess> {
    const scopes = (await loadScopedScopes(trx, [row.id])).get(row.id) ?? []
    return { scopes, rateLimitPerHour: row.rate_limit_per_hour, expiresAt: row.expires_at }
  }

  async function reload(trx: Executor, account: AccountRecord, id: string): Promise<TokenView> {
    return tokenViewOf(trx, account.kind, await requireScopedToken(trx, account.id, id), now())
  }

  async function setState(context: ActorContext, id: string, state: TokenState): Promise<TokenView> {
    return mutate(context, id, async (trx, account, row, at) => {
      const written = await writeTokenState(trx, row, state, {
        actor: auditActorOf(context),
        at,
        ip: context.ip,
      })
      return written ? reload(trx, account, row.id) : tokenViewOf(trx, account.kind, row, now())
    })
  }

  return {
    async list(context, filterInput) {
      requireTokenManager(context)
      const filter = parseInput(TokenFilter, filterInput)
      return runQuery(async () => {
        const account = await requireAccount(db, context.accountId)
        return listScopedTokens(db, account, filter, now())
      })
    },

    async get(context, id) {
      requireTokenManager(context)
      return runQuery(async () => {
        const account = await requireAccount(db, context.accountId)
        return tokenViewOf(db, account.kind, await requireScopedToken(db, context.accountId, id), now())
      })
    },

    async create(context, input) {
      requireTokenManager(context)
      requireManagingSecret(context)
      const command = parseInput(CreateTokenInput, input)
      // The new SID may be remembered as unknown by an earlier lookup, here or elsewhere.
      return runTokenWrite(deps, async (trx, changing) => {
        const account = await requireAccount(trx, context.accountId)
        const apiVersion = command.apiVersion ?? latestApiVersion(account.kind)
        requireApiVersionOf(account.kind, apiVersion)
        await requirePrimaryContact(trx, account.id, command.primaryContactUserId)
        const scopes = validScopes(account.kind, apiVersion, command.scopes)
        const rateLimitPerHour = command.rateLimitPerHour ?? defaultRateLimitOf(context)
        const policy = await loadAccountPolicy(trx, account.id)
        const expiresAt = requireExpiryWithinPolicy(policy, command.expiresAt ?? null, now())
        requireDelegable(context, { scopes, rateLimitPerHour, expiresAt })
        const id = generateId('tok')
        const credential = issueCredential(keyring, id)
        changing(credential.sid)
        const at = now().toISOString()
        await insertToken(trx, {
          id,
          accountId: account.id,
          kind: 'scoped',
          sid: credential.sid,
          secret: credential,
          name: command.name,
          description: command.description ?? '',
          apiVersion,
          state: 'enabled',
          primaryContactUserId: command.primaryContactUserId,
          rateLimitPerHour,
          scopes,
          developerEmails: command.developerEmails ?? [],
          createdAt: at,
          expiresAt,
        })
        await audit(trx, context, 'token.create', id, at, {
          name: command.name,
          apiVersion,
          scopeCount: scopes.length,
          scopes,
          rateLimitPerHour,
          expiresAt,
        })
        return {
          token: await reload(trx, account, id),
          credentials: { accountSid: credential.sid, authToken: credential.authToken },
        }
      })
    },

    async update(context, id, input) {
      requireTokenManager(context)
      requireManagingSecret(context)
      const command = parseInput(UpdateTokenInput, input)
      return mutate(context, id, async (trx, account, row, at) => {
        const changed: string[] = []
        // Shaped as TokenUpdateDetails (audit-schemas.ts).
        const details: AuditDetails = { fields: changed }
        let apiVersion = row.api_version
        if (command.apiVersion !== undefined && command.apiVersion !== row.api_version) {
          apiVersion = resolveUpgradeTarget(account.kind, row.api_version, command.apiVersion)
          details.fromApiVersion = row.api_version
          details.toApiVersion = apiVersion
          changed.push('apiVersion')
        }
        const before = await accessOf(trx, row)
        const after: TokenAccess = {
          scopes:
            command.scopes !== undefined
              ? validScopes(account.kind, apiVersion, command.scopes)
              : before.scopes,
          rateLimitPerHour: command.rateLimitPerHour ?? before.rateLimitPerHour,
          expiresAt: before.expiresAt,
        }
        requireOwnAccessUnchanged(context, row.id, before, after)
        requireDelegable(context, before)
        requireDelegable(context, after)
        if (command.primaryContactUserId !== undefined) {
          await requirePrimaryContact(trx, account.id, command.primaryContactUserId)
          if (command.primaryContactUserId !== row.primary_contact_user_id)
            changed.push('primaryContactUserId')
        }
        if (command.scopes !== undefined) {
          const added = after.scopes.filter((scope) => !before.scopes.includes(scope))
          const removed = before.scopes.filter((scope) => !after.scopes.includes(scope))
          if (added.length > 0 || removed.length > 0) {
            await replaceScopes(trx, row.id, [...after.scopes])
            details.scopesAdded = added
            details.scopesRemoved = removed
            changed.push('scopes')
          }
        }
        if (command.developerEmails !== undefined) {
          await replaceDeveloperEmails(trx, row.id, command.developerEmails)
          changed.push('developerEmails')
        }
        if (command.name !== undefined && command.name !== row.name) changed.push('name')
        if (command.description !== undefined && command.description !== row.description)
          changed.push('description')
        if (after.rateLimitPerHour !== before.rateLimitPerHour) {
          details.fromRateLimitPerHour = before.rateLimitPerHour
          details.toRateLimitPerHour = after.rateLimitPerHour
          changed.push('rateLimitPerHour')
        }
        const name = command.name ?? row.name
        await trx
          .updateTable('tokens')
          .set({
            name,
            name_search: searchableName(name),
            description: command.description ?? row.description,
            api_version: apiVersion,
            primary_contact_user_id: command.primaryContactUserId ?? row.primary_contact_user_id,
            rate_limit_per_hour: after.rateLimitPerHour,
            updated_at: at,
          })
          .where('id', '=', row.id)
          .execute()
        await audit(trx, context, 'token.update', row.id, at, details)
        return reload(trx, account, row.id)
      })
    },

    async duplicate(context, id, input = {}) {
      const command = parseInput(DuplicateInput, input)
      requireTokenManager(context)
      requireManagingSecret(context)
      return runTokenWrite(deps, async (trx, changing) => {
        const account = await requireAccount(trx, context.accountId)
        const row = await requireScopedToken(trx, context.accountId, id)
        const at = now().toISOString()
        const { scopes } = await accessOf(trx, row)
        const emails = await trx
          .selectFrom('token_developer_emails')
          .select('email')
          .where('token_id', '=', row.id)
          .orderBy('position')
          .execute()
        const taken = await trx
          .selectFrom('tokens')
          .select('name')
          .where('account_id', '=', account.id)
          .where('kind', '=', 'scoped')
          .execute()
        // The copy keeps a future expiry; like any new token it must satisfy the account's policy.
        const sourceExpiry =
          row.expires_at !== null && Date.parse(row.expires_at) > now().getTime() ? row.expires_at : null
        const expiresAt = requireExpiryWithinPolicy(
          await loadAccountPolicy(trx, account.id),
          sourceExpiry,
          now(),
        )
        requireDelegable(context, { scopes, rateLimitPerHour: row.rate_limit_per_hour, expiresAt })
        const newId = generateId('tok')
        const credential = issueCredential(keyring, newId)
        changing(credential.sid)
        const name = duplicateName(row.name, new Set(taken.map((t) => t.name)))
        await insertToken(trx, {
          id: newId,
          accountId: account.id,
          kind: 'scoped',
          sid: credential.sid,
          secret: credential,
          name,
          description: row.description,
          apiVersion: row.api_version,
          state: duplicateStateOf(tokenStateAt(TokenState.parse(row.state), row.expires_at, now()), command),
          primaryContactUserId: row.primary_contact_user_id,
          rateLimitPerHour: row.rate_limit_per_hour,
          scopes,
          developerEmails: emails.map((e) => e.email),
          createdAt: at,
          expiresAt,
        })
        await audit(trx, context, 'token.duplicate', newId, at, { name, sourceTokenId: row.id })
        return {
          token: await reload(trx, account, newId),
          credentials: { accountSid: credential.sid, authToken: credential.authToken },
        }
      })
    },

    async reset(context, id) {
      return mutate(context, id, async (trx, account, row, at) => {
        // Its own new secret grants nothing it did not hold; another token's would hand out its access.
        if (!actsOnItself(context, row.id)) requireDelegable(context, await accessOf(trx, row))
        await endRotationByReset(trx, context, row, at, now())
        const secret = issueSecret(keyring, row.id, row.sid)
        await trx
          .updateTable('tokens')
          .set({
            secret_digest: secret.secretDigest,
            sealed_secret: secret.sealedSecret,
            reset_at: at,
            updated_at: at,
          })
          .where('id', '=', row.id)
          .execute()
        await audit(trx, context, 'token.reset', row.id, at, { name: row.name })
        return {
          token: await reload(trx, account, row.id),
          credentials: { accountSid: row.sid, authToken: secret.authToken },
        }
      })
    },

    async upgrade(context, id, input) {
      const command = parseInput(UpgradeInput, input)
      return mutate(context, id, async (trx, account, row, at) => {
        const target = resolveUpgradeTarget(account.kind, row.api_version, command.apiVersion)
        await trx
          .updateTable('tokens')
          .set({ api_version: target, updated_at: at })
          .where('id', '=', row.id)
          .execute()
        await audit(trx, context, 'token.upgrade', row.id, at, {
          fromApiVersion: row.api_version,
          toApiVersion: target,
        })
        return reload(trx, account, row.id)
      })
    },

    disable: (context, id) => setState(context, id, 'disabled'),
    enable: (context, id) => setState(context, id, 'enabled'),

    async remove(context, id) {
      await mutate(context, id, async (trx, _account, row, at) => {
        await trx.deleteFrom('token_scopes').where('token_id', '=', row.id).execute()
        await trx.deleteFrom('token_developer_emails').where('token_id', '=', row.id).execute()
        await trx.deleteFrom('tokens').where('id', '=', row.id).execute()
        await audit(trx, context, 'token.delete', row.id, at, { name: row.name })
      })
    },

    async reveal(context, id) {
      requireTokenManager(context)
      requireManagingSecret(context)
      return runInTransaction(db, async (trx) => {
        const row = await requireScopedToken(trx, context.accountId, id)
        if (context.actor.type === 'token' && !actsOnItself(context, row.id)) {
          requireDelegable(context, await accessOf(trx, row))
        }
        const authToken = revealSealedSecret(deps, row)
        await audit(trx, context, 'token.reveal', row.id, now().toISOString(), { name: row.name })
        return { accountSid: row.sid, authToken }
      })
    },
  }
}
