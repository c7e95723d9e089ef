import type { Executor } from '../database/schema.js'
import type { RecurringJob } from '../scheduler/recurring-job.js'
import { lockTokenRows } from '../tokens/lock-token-rows.js'
import { runTokenWrite } from '../tokens/run-token-write.js'
import type { TokenServiceDeps } from '../tokens/token-service-deps.js'
import { writeTokenState } from '../tokens/write-token-state.js'
import { loadAccountPolicy } from './account-policy.js'
import { unusedTokensQuery } from './unused-tokens.js'

export const DISABLE_UNUSED_TOKENS_JOB = 'disable-unused-tokens'
/** Hourly: a policy counts in days, so a token is disabled at most an hour after it qualifies. */
export const DISABLE_UNUSED_TOKENS_INTERVAL_MS = 3_600_000
/** Tokens read per query while a run walks an account's candidates. */
const PAGE_SIZE = 500

/** The facts of the `token.disabled_unused` notification. */
export interface TokenDisabledUnused {
  accountId: string
  tokenId: string
  name: string
  /** null: never used (its creation counted). */
  lastUsedAt: string | null
  createdAt: string
  /** The account's policy: unused this many days. */
  unusedDays: number
  disabledAt: string
}

/**
 * Where a disable for disuse is announced: called inside the disabling transaction, so a
 * notifications outbox written there commits with the disable or not at all.
 */
export type OnTokenDisabledUnused = (trx: Executor, event: TokenDisabledUnused) => Promise<void>

export interface DisableUnusedTokensDeps extends TokenServiceDeps {
  onTokenDisabledUnused: OnTokenDisabledUnused
}

/**
 * The unused-token policy (issue 15): for each account with `disableUnusedAfterDays` set, disables
 * the tokens `unusedTokensQuery` names (what the policy's preview lists), each in its own token
 * write, as a manager's Disable is: state, audit event (system actor, reason `unused`), change
 * announced to every instance. Each token is checked again under its row lock, against the policy
 * as it is then, so one used or enabled meanwhile is kept, and so is every token once a manager
 * turned the policy off or raised its days during the run. A token that cannot be disabled now is
 * logged and tried next run.
 */
export function disableUnusedTokensJob(deps: DisableUnusedTokensDeps): RecurringJob {
  const { db, dialect, now, logger, onTokenDisabledUnused } = deps

  async function disableIfUnused(accountId: string, tokenId: string): Promise<boolean> {
    return runTokenWrite(deps, async (trx, changing) => {
      // The lock first, the check in a statement of its own after it: PostgreSQL re-checks a locked
      // row's own columns against a write committed meanwhile, but not the query's other tables, so
      // one statement would miss the audit event of a renewal or enable it waited for.
      await lockTokenRows(trx, dialect, accountId, { ids: [tokenId] })
      // The policy as it is now, not as the run found it: a manager who turns it off or raises the
      // days while a run walks the account stops it for the tokens still ahead.
      const days = (await loadAccountPolicy(trx, accountId)).disableUnusedAfterDays
      if (days === null) return false
      const row = await unusedTokensQuery(trx, accountId, days, now())
        .selectAll('tokens')
        .where('tokens.id', '=', tokenId)
        .executeTakeFirst()
      if (!row) return false
      changing(row.sid)
      const at = now().toISOString()
      await writeTokenState(trx, row, 'disabled', {
        actor: { type: 'system' },
        at,
        ip: null,
        details: { reason: 'unused', unusedDays: days, lastUsedAt: row.last_used_at },
      })
      await onTokenDisabledUnused(trx, {
        accountId,
        tokenId: row.id,
        name: row.name,
        lastUsedAt: row.last_used_at,
        createdAt: row.created_at,
        unusedDays: days,
        disabledAt: at,
      })
      return true
    })
  }

  return {
    name: DISABLE_UNUSED_TOKENS_JOB,
    intervalMs: DISABLE_UNUSED_TOKENS_INTERVAL_MS,
    async run(signal) {
      const policies = await db
        .selectFrom('account_policies')
        .select(['account_id', 'disable_unused_after_days'])
        .where('disable_unused_after_days', 'is not', null)
        .orderBy('account_id')
        .execute()
      let disabled = 0
      let failed = 0
      for (const policy of policies) {
        if (signal?.aborted) break
        const days = policy.disable_unused_after_days as number
        const startedAt = now()
        let after = ''
        for (;;) {
          const page = await unusedTokensQuery(db, policy.account_id, days, startedAt)
            .select('tokens.id')
            .where('tokens.id', '>', after)
            .orderBy('tokens.id')
            .limit(PAGE_SIZE)
            .execute()
          for (const { id } of page) {
            if (signal?.aborted) break
            try {
              if (await disableIfUnused(policy.account_id, id)) disabled++
            } catch (error) {
              failed++
              logger?.log('warn', 'token.disable_unused_failed', {
                accountId: policy.account_id,
                tokenId: id,
                code:
                  typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null,
              })
            }
          }
          const last = page.at(-1)
          if (signal?.aborted || page.length < PAGE_SIZE || last === undefined) break
          after = last.id
        }
      }
      logger?.log('info', 'token.disable_unused_done', { accounts: policies.length, disabled, failed })
    },
  }
}
