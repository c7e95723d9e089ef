import { apiVersionsOf } from '../../accounts/account-kinds.js'
import { TokenConsoleError } from '../../errors/error-codes.js'
import { LEGACY_ACCESS, legacyScopes, type LegacyAccess } from '../../legacy/legacy-scopes.js'
import type { LegacyTokensView } from '../../legacy/legacy-schemas.js'
import { RATE_LIMIT_DEFAULT, UpgradeInput } from '../../tokens/token-schemas.js'
import type { ActorContext, TokenConsoleCore } from '../core-contract.js'
import { actsOnItself, requireDelegable, requireManagingSecret } from '../access/require-delegable.js'
import { currentManagingActorOf } from '../access/current-token-actor.js'
import { requireTokenManager } from '../access/require-token-manager.js'
import { requireAccount, type AccountRecord } from '../accounts/account-rows.js'
import { auditTokenEvent } from '../audit/audit-token-event.js'
import { runInTransaction, runQuery } from '../database/run-in-transaction.js'
import type { Executor, TokensTable } from '../database/schema.js'
import { parseInput } from '../input/parse-input.js'
import { insertToken } from '../tokens/insert-token.js'
import { actingTokenIds, lockTokenRows } from '../tokens/lock-token-rows.js'
import { newTokenRow } from '../tokens/new-token-row.js'
import { resetSecret } from '../tokens/reset-secret.js'
import { resolveUpgradeTarget } from '../tokens/resolve-upgrade-target.js'
import { revealSealedSecret } from '../tokens/reveal-sealed-secret.js'
import { runTokenWrite } from '../tokens/run-token-write.js'
import type { TokenServiceDeps } from '../tokens/token-service-deps.js'
import { legacyKindOf, tokenViewOf } from '../tokens/token-records.js'

/**
 * Stored names of the two legacy rows. Screens label legacy credentials from the locale catalogs
 * by their kind; these names only identify the rows in data and audit details.
 */
export const LEGACY_TOKEN_NAMES: Record<LegacyAccess, string> = {
  read_write: 'Read/Write',
  read_only: 'Read-Only',
}

/**
 * The delegation rule for legacy credentials, which grant a whole version (Read/Write every scope,
 * Read-Only every GET): an integration acting with a token enables, resets, upgrades or reveals
 * them only if it holds all they grant (after the action), so in practice only the Read/Write
 * credential itself, and Read-Only resetting itself. Not an upgrade to a version that adds
 * endpoints, not even by Read/Write itself: it would grant the credential endpoints it does not
 * hold, and a token may not widen its own access (docs/SECURITY.md, "Itself"). Users are unaffected.
 */
function requireDelegableLegacy(
  context: ActorContext,
  kind: AccountRecord['kind'],
  apiVersion: string,
  access: LegacyAccess,
  rateLimitPerHour: number,
): void {
  // Legacy credentials never expire.
  requireDelegable(context, {
    scopes: legacyScopes(kind, apiVersion, access),
    rateLimitPerHour,
    expiresAt: null,
  })
}

interface LegacyRows {
  readWrite: TokensTable
  readOnly: TokensTable
}

/** The account's two legacy rows; a write locks them first (lockTokenRows). */
async function loadLegacyRows(executor: Executor, accountId: string): Promise<LegacyRows | undefined> {
  const rows = await executor
    .selectFrom('tokens')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('kind', 'in', ['legacy_read_write', 'legacy_read_only'])
    .execute()
  const readWrite = rows.find((row) => row.kind === 'legacy_read_write')
  const readOnly = rows.find((row) => row.kind === 'legacy_read_only')
  return readWrite && readOnly ? { readWrite, readOnly } : undefined
}

/** The two legacy rows; LegacyNotEnabled while legacy tokens are off. */
export async function requireLegacyRows(executor: Executor, account: AccountRecord): Promise<LegacyRows> {
  const rows = account.legacyEnabledAt === null ? undefined : await loadLegacyRows(executor, account.id)
  if (!rows) throw new TokenConsoleError('LegacyNotEnabled')
  return rows
}

export async function legacyViewOf(executor: Executor, account: AccountRecord): Promise<LegacyTokensView> {
  const rows = account.legacyEnabledAt === null ? undefined : await loadLegacyRows(executor, account.id)
  if (!rows || account.legacyEnabledAt === null) return { enabled: false }
  return {
    enabled: true,
    apiVersion: rows.readWrite.api_version,
    enabledAt: account.legacyEnabledAt,
    readWrite: await tokenViewOf(executor, account.kind, rows.readWrite),
    readOnly: await tokenViewOf(executor, account.kind, rows.readOnly),
  }
}

export function legacyTokenService(deps: TokenServiceDeps): TokenConsoleCore['legacy'] {
  const { db, dialect, keyring, now } = deps

  return {
    async get(context) {
      requireTokenManager(context)
      return runQuery(async () => legacyViewOf(db, await requireAccount(db, context.accountId)))
    },

    async enable(context) {
      requireManagingSecret(context)
      const view = await runTokenWrite(deps, async (trx, changing) => {
        const account = await requireAccount(trx, context.accountId)
        const acting = await currentManagingActorOf(trx, context, deps)
        const at = now().toISOString()
        // Conditional update: of two concurrent enables exactly one changes the row (the other
        // waits for its row lock, then finds the column set).
        const claimed = await trx
          .updateTable('accounts')
          .set({ legacy_enabled_at: at })
          .where('id', '=', account.id)
          .where('legacy_enabled_at', 'is', null)
          .executeTakeFirst()
        if (Number(claimed.numUpdatedRows) !== 1) throw new TokenConsoleError('LegacyAlreadyEnabled')
        // Legacy credentials stand for integrations built before scoped tokens: they start on the
        // oldest version of the account's API, and the version drop-down moves them forward.
        const apiVersion = apiVersionsOf(account.kind)[0] as string
        requireDelegableLegacy(acting, account.kind, apiVersion, 'read_write', RATE_LIMIT_DEFAULT)
        const created: string[] = []
        for (const access of LEGACY_ACCESS) {
          const { row } = newTokenRow(keyring, {
            accountId: account.id,
            kind: legacyKindOf(access),
            name: LEGACY_TOKEN_NAMES[access],
            apiVersion,
            primaryContactUserId: context.actor.type === 'user' ? context.actor.userId : null,
            createdAt: at,
          })
          changing(row.sid)
          await insertToken(trx, row)
          created.push(row.id)
        }
        // The event of both credentials: the trail filtered by either shows it.
        await auditTokenEvent(trx, context, 'legacy.enable', created, at, { apiVersion })
        return legacyViewOf(trx, { ...account, legacyEnabledAt: at })
      })
      // The account's credentials carry its legacy date (the platform's Account answer): read them again.
      deps.verificationCache.evictAccount(context.accountId)
      return view
    },

    async reset(context, access) {
      requireManagingSecret(context)
      if (!(LEGACY_ACCESS as readonly string[]).includes(access)) {
        throw new TokenConsoleError('ValidationFailed', { field: 'access', reason: 'invalid' })
      }
      return runTokenWrite(deps, async (trx, changing) => {
        const account = await requireAccount(trx, context.accountId)
        // The legacy rows and a calling token together, in the one order every write locking several takes.
        await lockTokenRows(trx, dialect, account.id, { ids: actingTokenIds(context), legacy: true })
        const rows = await requireLegacyRows(trx, account)
        const acting = await currentManagingActorOf(trx, context, deps)
        const row = access === 'read_write' ? rows.readWrite : rows.readOnly
        if (!actsOnItself(acting, row.id)) {
          requireDelegableLegacy(acting, account.kind, row.api_version, access, row.rate_limit_per_hour)
        }
        changing(row.sid)
        const at = now().toISOString()
        const secret = await resetSecret(trx, keyring, row, at)
        await auditTokenEvent(trx, context, 'legacy.reset', row.id, at, { access })
        return {
          legacy: await legacyViewOf(trx, account),
          credentials: { accountSid: row.sid, authToken: secret.authToken },
        }
      })
    },

    async upgrade(context, input) {
      requireManagingSecret(context)
      const command = parseInput(UpgradeInput, input)
      return runTokenWrite(deps, async (trx, changing) => {
        const account = await requireAccount(trx, context.accountId)
        // The legacy rows and a calling token together, in the one order every write locking several takes.
        await lockTokenRows(trx, dialect, account.id, { ids: actingTokenIds(context), legacy: true })
        const rows = await requireLegacyRows(trx, account)
        const acting = await currentManagingActorOf(trx, context, deps)
        changing(rows.readWrite.sid, rows.readOnly.sid)
        const target = resolveUpgradeTarget(account.kind, rows.readWrite.api_version, command.apiVersion)
        // Checked against the target version even when Read/Write upgrades itself (see requireDelegableLegacy).
        requireDelegableLegacy(acting, account.kind, target, 'read_write', rows.readWrite.rate_limit_per_hour)
        const at = now().toISOString()
        await trx
          .updateTable('tokens')
          .set({ api_version: target, updated_at: at })
          .where('account_id', '=', account.id)
          .where('id', 'in', [rows.readWrite.id, rows.readOnly.id])
          .execute()
        await auditTokenEvent(trx, context, 'legacy.upgrade', [rows.readWrite.id, rows.readOnly.id], at, {
          fromApiVersion: rows.readWrite.api_version,
          toApiVersion: target,
        })
        return legacyViewOf(trx, account)
      })
    },

    async reveal(context) {
      requireManagingSecret(context)
      return runInTransaction(db, async (trx) => {
        const account = await requireAccount(trx, context.accountId)
        const acting = await currentManagingActorOf(trx, context, deps)
        const rows = await requireLegacyRows(trx, account)
        // Read/Write grants everything Read-Only does.
        requireDelegableLegacy(
          acting,
          account.kind,
          rows.readWrite.api_version,
          'read_write',
          rows.readWrite.rate_limit_per_hour,
        )
        const open = (row: TokensTable) => ({ accountSid: row.sid, authToken: revealSealedSecret(deps, row) })
        const credentials = { readWrite: open(rows.readWrite), readOnly: open(rows.readOnly) }
        await auditTokenEvent(
          trx,
          context,
          'legacy.reveal',
          [rows.readWrite.id, rows.readOnly.id],
          now().toISOString(),
        )
        return credentials
      })
    },
  }
}
