import { latestApiVersion } from '../../accounts/account-kinds.js'
import { TokenFilter } from '../../tokens/token-filter.js'
import {
  CreateTokenInput,
  DuplicateInput,
  UpdateTokenInput,
  UpgradeInput,
  TokenState,
  type TokenView,
  type TokenWithCredentials,
} from '../../tokens/token-schemas.js'
import { changedFields, type EditableTokenFields } from '../../tokens/changed-fields.js'
import type { ActorContext, TokenConsoleCore } from '../core-contract.js'
import {
  actsOnItself,
  requireManagingSecret,
  defaultRateLimitOf,
  requireDelegable,
  requireOwnAccessUnchanged,
  type TokenAccess,
} from '../access/require-delegable.js'
import { currentManagingActorOf } from '../access/current-token-actor.js'
import { auditActorOf, requireTokenManager } from '../access/require-token-manager.js'
import { requireAccount, type AccountRecord } from '../accounts/account-rows.js'
import { auditTokenEvent } from '../audit/audit-token-event.js'
import type { AuditDetails } from '../audit/record-audit-event.js'
import { runInTransaction, runQuery } from '../database/run-in-transaction.js'
import type { Executor, TokensTable } from '../database/schema.js'
import { parseInput } from '../input/parse-input.js'
import { duplicateStateOf } from '../../tokens/duplicate-state.js'
import { loadAccountPolicy } from '../lifecycle/account-policy.js'
import { expiryKeptByDuplicate } from '../../lifecycle/expiry-policy.js'
import { requireExpiryWithinPolicy } from '../lifecycle/require-expiry-within-policy.js'
import { tokenStateAt } from '../lifecycle/token-state-at.js'
import { endRotationBy } from '../lifecycle/token-lifecycle-service.js'
import { duplicateName, takenScopedNames } from './duplicate-name.js'
import { editableFieldsOf, writeEditableFields } from './editable-fields.js'
import { insertToken, replaceDeveloperEmails, replaceScopes } from './insert-token.js'
import { updateTokenRow } from './update-token-row.js'
import { listScopedTokens } from './list-scoped-tokens.js'
import { actingTokenIds, lockTokenRows } from './lock-token-rows.js'
import { newTokenRow, type NewToken } from './new-token-row.js'
import { resetSecret } from './reset-secret.js'
import { resolveUpgradeTarget } from './resolve-upgrade-target.js'
import { revealSealedSecret } from './reveal-sealed-secret.js'
import { runTokenWrite } from './run-token-write.js'
import type { TokenServiceDeps } from './token-service-deps.js'
import { scopedTokenWriter } from './write-scoped-token.js'
import { writeTokenState } from './write-token-state.js'
import { loadScopedScopes, requireScopedToken, tokenViewOf } from './token-records.js'
import { requireApiVersionOf, requirePrimaryContact, validScopes } from './token-validation.js'

/** What a token with these fields grants, until the row's expiry. */
function accessOf(
  row: TokensTable,
  fields: { scopes: readonly string[]; rateLimitPerHour: number },
): TokenAccess {
  return { scopes: fields.scopes, rateLimitPerHour: fields.rateLimitPerHour, expiresAt: row.expires_at }
}

export function scopedTokenService(deps: TokenServiceDeps): TokenConsoleCore['tokens'] {
  const { db, keyring, now } = deps

  const mutate = scopedTokenWriter(deps, (context) => {
    requireManagingSecret(context)
  })

  /** The scopes (stored, catalog order), rate limit and expiry a scoped token grants. */
  async function storedAccessOf(trx: Executor, row: TokensTable): Promise<TokenAccess> {
    const scopes = (await loadScopedScopes(trx, [row.id])).get(row.id) ?? []
    return accessOf(row, { scopes, rateLimitPerHour: row.rate_limit_per_hour })
  }

  /**
   * A token acting on another token must hold all that token grants: resetting or revealing it
   * would hand its access out, enabling it hand that access back to whoever holds its secret, and
   * upgrading it is a change like any update (within the actor's access before and after; the
   * scopes stay). On itself, or as a user, there is nothing to check.
   */
  async function requireTargetWithinActor(
    trx: Executor,
    acting: ActorContext,
    row: TokensTable,
  ): Promise<void> {
    if (acting.actor.type !== 'token' || actsOnItself(acting, row.id)) return
    requireDelegable(acting, await storedAccessOf(trx, row))
  }

  async function reload(trx: Executor, account: AccountRecord, id: string): Promise<TokenView> {
    return tokenViewOf(trx, account.kind, await requireScopedToken(trx, account.id, id), now())
  }

  /** Stores a new token with its audit event; its credentials are shown once, in this answer. */
  async function insertAudited(
    trx: Executor,
    context: ActorContext,
    account: AccountRecord,
    token: NewToken,
    action: 'token.create' | 'token.duplicate',
    details: AuditDetails,
  ): Promise<TokenWithCredentials> {
    await insertToken(trx, token.row)
    await auditTokenEvent(trx, context, action, token.row.id, token.row.createdAt, details)
    return { token: await reload(trx, account, token.row.id), credentials: token.credentials }
  }

  async function setState(context: ActorContext, id: string, state: TokenState): Promise<TokenView> {
    return mutate(context, id, async (trx, account, row, at, acting) => {
      // Disabling, like deleting, grants nothing; enabling gives the token's access back.
      if (state === 'enabled') await requireTargetWithinActor(trx, acting, row)
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
      requireManagingSecret(context)
      const command = parseInput(CreateTokenInput, input)
      // The new SID may be remembered as unknown by an earlier lookup, here or elsewhere.
      return runTokenWrite(deps, async (trx, changing) => {
        const account = await requireAccount(trx, context.accountId)
        const acting = await currentManagingActorOf(trx, context, deps)
        const apiVersion = command.apiVersion ?? latestApiVersion(account.kind)
        requireApiVersionOf(account.kind, apiVersion)
        await requirePrimaryContact(trx, account.id, command.primaryContactUserId)
        const scopes = validScopes(account.kind, apiVersion, command.scopes)
        const rateLimitPerHour = command.rateLimitPerHour ?? defaultRateLimitOf(acting)
        const policy = await loadAccountPolicy(trx, account.id)
        const expiresAt = requireExpiryWithinPolicy(policy, command.expiresAt ?? null, now())
        requireDelegable(acting, { scopes, rateLimitPerHour, expiresAt })
        const created = newTokenRow(keyring, {
          accountId: account.id,
          name: command.name,
          description: command.description ?? '',
          apiVersion,
          primaryContactUserId: command.primaryContactUserId,
          rateLimitPerHour,
          scopes,
          developerEmails: command.developerEmails ?? [],
          createdAt: now().toISOString(),
          expiresAt,
        })
        changing(created.row.sid)
        return insertAudited(trx, context, account, created, 'token.create', {
          name: command.name,
          apiVersion,
          scopeCount: scopes.length,
          scopes,
          rateLimitPerHour,
          expiresAt,
        })
      })
    },

    async update(context, id, input) {
      requireManagingSecret(context)
      const command = parseInput(UpdateTokenInput, input)
      return mutate(context, id, async (trx, account, row, at, acting) => {
        const before = await editableFieldsOf(trx, row)
        const apiVersion =
          command.apiVersion === undefined || command.apiVersion === row.api_version
            ? row.api_version
            : resolveUpgradeTarget(account.kind, row.api_version, command.apiVersion)
        const after: EditableTokenFields = {
          name: command.name ?? before.name,
          description: command.description ?? before.description,
          apiVersion,
          primaryContactUserId: command.primaryContactUserId ?? before.primaryContactUserId,
          scopes:
            command.scopes === undefined
              ? before.scopes
              : validScopes(account.kind, apiVersion, command.scopes),
          developerEmails: command.developerEmails ?? before.developerEmails,
          rateLimitPerHour: command.rateLimitPerHour ?? before.rateLimitPerHour,
        }
        requireOwnAccessUnchanged(acting, row.id, accessOf(row, before), accessOf(row, after))
        requireDelegable(acting, accessOf(row, before))
        requireDelegable(acting, accessOf(row, after))
        if (command.primaryContactUserId !== undefined) {
          await requirePrimaryContact(trx, account.id, command.primaryContactUserId)
        }
        const details = changedFields(before, after)
        if (details.fields.includes('scopes')) await replaceScopes(trx, row.id, after.scopes, at)
        if (details.fields.includes('developerEmails')) {
          await replaceDeveloperEmails(trx, row.id, after.developerEmails)
        }
        await writeEditableFields(trx, row.id, after, at)
        await auditTokenEvent(trx, context, 'token.update', row.id, at, details)
        return reload(trx, account, row.id)
      })
    },

    async duplicate(context, id, input = {}) {
      const command = parseInput(DuplicateInput, input)
      requireManagingSecret(context)
      return runTokenWrite(deps, async (trx, changing) => {
        const account = await requireAccount(trx, context.accountId)
        // The source under its row lock, as every write to it takes: read unlocked, its row and its
        // scopes could come from either side of a concurrent update (a copy that never existed as
        // a whole), or the scopes from after a delete (a copy with none).
        await lockTokenRows(trx, deps.dialect, context.accountId, { ids: [id, ...actingTokenIds(context)] })
        const acting = await currentManagingActorOf(trx, context, deps)
        const source = await requireScopedToken(trx, context.accountId, id)
        const fields = await editableFieldsOf(trx, source)
        // The expiry chosen, else the source's while in the future; like any new token's, it must
        // satisfy the account's policy (a source's expiry may have passed or exceed a lowered maximum).
        const policy = await loadAccountPolicy(trx, account.id)
        const chosen =
          command.expiresAt === undefined
            ? expiryKeptByDuplicate(source.expires_at, now())
            : command.expiresAt
        const expiresAt = requireExpiryWithinPolicy(policy, chosen, now())
        requireDelegable(acting, { ...accessOf(source, fields), expiresAt })
        const state = tokenStateAt(TokenState.parse(source.state), source.expires_at, now())
        const copy = newTokenRow(keyring, {
          ...fields,
          accountId: account.id,
          name: duplicateName(source.name, await takenScopedNames(trx, account.id)),
          state: duplicateStateOf(state, command),
          createdAt: now().toISOString(),
          expiresAt,
        })
        changing(copy.row.sid)
        // What the copy was granted, as a create records it: the source may change or go later.
        return insertAudited(trx, context, account, copy, 'token.duplicate', {
          name: copy.row.name,
          sourceTokenId: source.id,
          apiVersion: fields.apiVersion,
          scopeCount: fields.scopes.length,
          scopes: [...fields.scopes],
          rateLimitPerHour: fields.rateLimitPerHour,
          expiresAt,
          state: copy.row.state,
        })
      })
    },

    async reset(context, id) {
      return mutate(context, id, async (trx, account, row, at, acting) => {
        // Its own new secret grants nothing it did not hold; another token's would hand out its access.
        await requireTargetWithinActor(trx, acting, row)
        await endRotationBy('reset', trx, context, row, at, now())
        const secret = await resetSecret(trx, keyring, row, at)
        await auditTokenEvent(trx, context, 'token.reset', row.id, at, { name: row.name })
        return {
          token: await reload(trx, account, row.id),
          credentials: { accountSid: row.sid, authToken: secret.authToken },
        }
      })
    },

    async upgrade(context, id, input) {
      const command = parseInput(UpgradeInput, input)
      return mutate(context, id, async (trx, account, row, at, acting) => {
        await requireTargetWithinActor(trx, acting, row)
        const target = resolveUpgradeTarget(account.kind, row.api_version, command.apiVersion)
        await updateTokenRow(trx, row.id, { api_version: target }, at)
        await auditTokenEvent(trx, context, 'token.upgrade', row.id, at, {
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
        await endRotationBy('deleted', trx, context, row, at, now())
        await trx.deleteFrom('token_scopes').where('token_id', '=', row.id).execute()
        await trx.deleteFrom('token_developer_emails').where('token_id', '=', row.id).execute()
        await trx.deleteFrom('tokens').where('id', '=', row.id).execute()
        await auditTokenEvent(trx, context, 'token.delete', row.id, at, { name: row.name })
      })
    },

    async reveal(context, id) {
      requireManagingSecret(context)
      return runInTransaction(db, async (trx) => {
        const acting = await currentManagingActorOf(trx, context, deps)
        const row = await requireScopedToken(trx, context.accountId, id)
        await requireTargetWithinActor(trx, acting, row)
        const authToken = revealSealedSecret(deps, row)
        await auditTokenEvent(trx, context, 'token.reveal', row.id, now().toISOString(), { name: row.name })
        return { accountSid: row.sid, authToken }
      })
    },
  }
}
