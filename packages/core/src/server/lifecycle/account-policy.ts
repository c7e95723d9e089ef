import {
  AccountPolicy,
  DEFAULT_ACCOUNT_POLICY,
  LeakResponse,
  UnusedPreviewQuery,
  UpdatePolicyInput,
} from '../../lifecycle/lifecycle-schemas.js'
import type { ActorContext, TokenConsoleCore } from '../core-contract.js'
import {
  auditActorOf,
  requireTokenManager,
  requireUserTokenManager,
} from '../access/require-token-manager.js'
import { requireAccount } from '../accounts/account-rows.js'
import { recordAuditEvent } from '../audit/record-audit-event.js'
import { runInTransaction, runQuery } from '../database/run-in-transaction.js'
import type { Db, Executor } from '../database/schema.js'
import { parseInput } from '../input/parse-input.js'
import { previewUnusedTokens } from './unused-tokens.js'

/** The account's policy; an account that never saved one has the defaults. */
export async function loadAccountPolicy(executor: Executor, accountId: string): Promise<AccountPolicy> {
  const row = await executor
    .selectFrom('account_policies')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst()
  if (!row) return DEFAULT_ACCOUNT_POLICY
  return {
    requireExpiry: row.require_expiry === 1,
    maxLifetimeDays: row.max_lifetime_days,
    disableUnusedAfterDays: row.disable_unused_after_days,
    leakResponse: LeakResponse.parse(row.leak_response),
  }
}

const FIELDS = ['requireExpiry', 'maxLifetimeDays', 'disableUnusedAfterDays', 'leakResponse'] as const

/** GET|PUT /api/policies and the unused-token preview: token managers only; every change audited with what changed. */
export function policyService(deps: { db: Db; now: () => Date }): TokenConsoleCore['policies'] {
  const { db, now } = deps

  return {
    async get(context: ActorContext) {
      requireTokenManager(context)
      return runQuery(async () => {
        await requireAccount(db, context.accountId)
        return loadAccountPolicy(db, context.accountId)
      })
    },

    async previewUnused(context: ActorContext, input: UnusedPreviewQuery) {
      requireTokenManager(context)
      const query = parseInput(UnusedPreviewQuery, input)
      return runQuery(async () => {
        await requireAccount(db, context.accountId)
        const days = query.days ?? (await loadAccountPolicy(db, context.accountId)).disableUnusedAfterDays
        if (days === null) return { days: null, total: 0, items: [] }
        return previewUnusedTokens(db, context.accountId, days, now())
      })
    },

    async update(context: ActorContext, input: UpdatePolicyInput) {
      requireUserTokenManager(context)
      const command = parseInput(UpdatePolicyInput, input)
      return runInTransaction(db, async (trx) => {
        await requireAccount(trx, context.accountId)
        const before = await loadAccountPolicy(trx, context.accountId)
        const after: AccountPolicy = {
          requireExpiry: command.requireExpiry ?? before.requireExpiry,
          maxLifetimeDays:
            command.maxLifetimeDays !== undefined ? command.maxLifetimeDays : before.maxLifetimeDays,
          disableUnusedAfterDays:
            command.disableUnusedAfterDays !== undefined
              ? command.disableUnusedAfterDays
              : before.disableUnusedAfterDays,
          leakResponse: command.leakResponse ?? before.leakResponse,
        }
        const changed = FIELDS.filter((field) => after[field] !== before[field])
        if (changed.length === 0) return after
        const at = now().toISOString()
        const values = {
          require_expiry: after.requireExpiry ? 1 : 0,
          max_lifetime_days: after.maxLifetimeDays,
          disable_unused_after_days: after.disableUnusedAfterDays,
          leak_response: after.leakResponse,
          updated_at: at,
        }
        await trx
          .insertInto('account_policies')
          .values({ account_id: context.accountId, ...values })
          .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
          .execute()
        await recordAuditEvent(trx, {
          accountId: context.accountId,
          actor: auditActorOf(context),
          action: 'policy.update',
          tokenId: null,
          at,
          ip: context.ip,
          details: {
            fields: [...changed],
            ...Object.fromEntries(changed.map((field) => [field, after[field]])),
          },
        })
        return after
      })
    },
  }
}
