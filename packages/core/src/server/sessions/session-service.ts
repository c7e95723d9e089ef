import { createHash } from 'node:crypto'
import type { ExpressionBuilder } from 'kysely'
import { Role } from '../../access/roles.js'
import { TokenConsoleError } from '../../errors/error-codes.js'
import { Locale } from '../../i18n/locales.js'
import { LoginInput, type SessionView } from '../../session/session-schemas.js'
import type { ActorContext, CoreLogger, SessionContext, TokenConsoleCore } from '../core-contract.js'
import { accountRecordOf, accountViewOf } from '../accounts/account-rows.js'
import { recordAuditEvent } from '../audit/record-audit-event.js'
import { hashPassword, verifyPassword } from '../crypto/password-hash.js'
import { generateOpaqueSecret } from '../crypto/random-secrets.js'
import { deleteInBatches, PRUNE_BATCH_SIZE } from '../database/delete-in-batches.js'
import { runInTransaction, runQuery } from '../database/run-in-transaction.js'
import type { AccountsTable, DatabaseSchema, Db, Executor, UsersTable } from '../database/schema.js'
import { parseInput } from '../input/parse-input.js'
import type { RecurringJob } from '../scheduler/recurring-job.js'

export const SESSION_IDLE_MS = 30 * 60_000
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000
/** The idle expiry is pushed forward at most once a minute, so reading pages does not write on every request. */
const SLIDE_GRANULARITY_MS = 60_000

/** Whether a session row has expired at `nowIso`: idle or at the end of its absolute lifetime (as resume() decides). */
function expiredAt(nowIso: string) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'sessions'>) =>
    eb.or([eb('idle_expires_at', '<=', nowIso), eb('absolute_expires_at', '<=', nowIso)])
}

/**
 * Deletes every session expired at `now`, by idle time or absolute lifetime: resume() deletes an
 * expired session only when its cookie comes back, so abandoned sign-ins would stay for ever.
 * Batched like every prune (database/delete-in-batches.ts). Answers the sessions deleted.
 */
export async function pruneExpiredSessions(db: Db, now: Date, batchSize = PRUNE_BATCH_SIZE): Promise<number> {
  const expired = expiredAt(now.toISOString())
  return deleteInBatches(batchSize, async () => {
    const result = await db
      .deleteFrom('sessions')
      .where('id_digest', 'in', (eb) =>
        eb.selectFrom('sessions').select('id_digest').where(expired).limit(batchSize),
      )
      // Again on the row deleted: an expired session is never extended, but this costs nothing.
      .where(expired)
      .executeTakeFirst()
    return result.numDeletedRows
  })
}

export const PRUNE_SESSIONS_JOB = 'prune-sessions'
/** Hourly: an expired session is refused when read whatever its row, so the rows only need to go eventually. */
export const PRUNE_SESSIONS_INTERVAL_MS = 3_600_000

/** Removal of expired sessions as a recurring job (scheduler/job-scheduler.ts): on one instance per hour. */
export function pruneSessionsJob(deps: {
  db: Db
  now: () => Date
  logger?: CoreLogger | undefined
}): RecurringJob {
  return {
    name: PRUNE_SESSIONS_JOB,
    intervalMs: PRUNE_SESSIONS_INTERVAL_MS,
    async run() {
      const sessions = await pruneExpiredSessions(deps.db, deps.now())
      if (sessions > 0) deps.logger?.log('info', 'session.pruned', { sessions })
    },
  }
}

function digestSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId, 'utf8').digest('hex')
}

function sessionViewOf(user: UsersTable, account: AccountsTable, csrfToken: string): SessionView {
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: Role.parse(user.role),
      locale: user.locale === null ? null : Locale.parse(user.locale),
    },
    account: accountViewOf(accountRecordOf(account)),
    csrfToken,
  }
}

function contextOf(user: UsersTable, ip: string | null): ActorContext {
  return {
    accountId: user.account_id,
    actor: { type: 'user', userId: user.id, role: Role.parse(user.role) },
    ip,
  }
}

/** The sign-in service, and `settle()`, which waits for failed sign-ins still being recorded (for close). */
/** A sign-in, failed sign-in or sign-out, as the user it concerns. */
function auditSessionEvent(
  trx: Executor,
  user: { accountId: string; userId: string },
  action: 'session.login' | 'session.login_failed' | 'session.logout',
  event: { at: string; ip: string | null },
): Promise<void> {
  return recordAuditEvent(trx, {
    accountId: user.accountId,
    actor: { type: 'user', userId: user.userId },
    action,
    tokenId: null,
    ...event,
  })
}

export function sessionService(
  db: Db,
  now: () => Date,
  logger?: CoreLogger,
): TokenConsoleCore['auth'] & { settle(): Promise<void> } {
  // A real hash of a random password: unknown e-mails cost one scrypt too, so timing does not reveal accounts.
  const dummyHash = hashPassword(generateOpaqueSecret())
  const recordingFailures = new Set<Promise<void>>()

  /**
   * A wrong password for an existing user is audited on that user's account: who was claimed, from
   * where, never what was typed. The write runs after the refusal is answered, so a known e-mail does
   * not answer later than an unknown one (which has no account to record it on: docs/SECURITY.md).
   * Deferred to the next turn of the event loop, not just unawaited: SQLite writes synchronously.
   */
  function recordFailedSignIn(user: UsersTable, ip: string | null): void {
    const afterAnswer = new Promise<void>((resolve) => setImmediate(resolve))
    const recording: Promise<void> = afterAnswer
      .then(() =>
        runInTransaction(db, (trx) =>
          auditSessionEvent(trx, { accountId: user.account_id, userId: user.id }, 'session.login_failed', {
            at: now().toISOString(),
            ip,
          }),
        ),
      )
      .catch((error: unknown) => {
        logger?.log('error', 'audit.failed_sign_in_not_recorded', {
          accountId: user.account_id,
          userId: user.id,
          error: error instanceof Error ? error.name : 'unknown',
          code: typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null,
        })
      })
      .finally(() => recordingFailures.delete(recording))
    recordingFailures.add(recording)
  }

  async function loadUser(where: { email: string } | { id: string }) {
    let query = db.selectFrom('users').selectAll()
    query = 'email' in where ? query.where('email', '=', where.email) : query.where('id', '=', where.id)
    const user = await query.executeTakeFirst()
    if (!user) return undefined
    const account = await db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', user.account_id)
      .executeTakeFirstOrThrow()
    return { user, account }
  }

  return {
    async login(email, password, ip) {
      const parsed = LoginInput.safeParse({ email, password })
      const found = parsed.success ? await runQuery(() => loadUser({ email: parsed.data.email })) : undefined
      const passwordMatches = await verifyPassword(
        parsed.success ? parsed.data.password : password.slice(0, 1_024),
        found?.user.password_hash ?? (await dummyHash),
      )
      if (!found || !passwordMatches) {
        if (found) recordFailedSignIn(found.user, ip)
        throw new TokenConsoleError('InvalidCredentials')
      }

      const sessionId = generateOpaqueSecret()
      const csrfToken = generateOpaqueSecret()
      const at = now()
      await runInTransaction(db, async (trx) => {
        await trx
          .insertInto('sessions')
          .values({
            id_digest: digestSessionId(sessionId),
            user_id: found.user.id,
            csrf_token: csrfToken,
            created_at: at.toISOString(),
            idle_expires_at: new Date(at.getTime() + SESSION_IDLE_MS).toISOString(),
            absolute_expires_at: new Date(at.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
          })
          .execute()
        await auditSessionEvent(
          trx,
          { accountId: found.account.id, userId: found.user.id },
          'session.login',
          {
            at: at.toISOString(),
            ip,
          },
        )
      })
      return { sessionId, session: sessionViewOf(found.user, found.account, csrfToken) }
    },

    async resume(sessionId): Promise<SessionContext | null> {
      if (typeof sessionId !== 'string' || sessionId.length === 0 || sessionId.length > 128) return null
      const digest = digestSessionId(sessionId)
      const session = await runQuery(() =>
        db.selectFrom('sessions').selectAll().where('id_digest', '=', digest).executeTakeFirst(),
      )
      if (!session) return null
      const at = now()
      const nowIso = at.toISOString()
      if (session.idle_expires_at <= nowIso || session.absolute_expires_at <= nowIso) {
        await runQuery(() => db.deleteFrom('sessions').where('id_digest', '=', digest).execute())
        return null
      }
      const found = await runQuery(() => loadUser({ id: session.user_id }))
      if (!found) return null
      const slid = new Date(
        Math.min(at.getTime() + SESSION_IDLE_MS, Date.parse(session.absolute_expires_at)),
      ).toISOString()
      if (Date.parse(slid) - Date.parse(session.idle_expires_at) >= SLIDE_GRANULARITY_MS) {
        await runQuery(() =>
          db.updateTable('sessions').set({ idle_expires_at: slid }).where('id_digest', '=', digest).execute(),
        )
      }
      return {
        session: sessionViewOf(found.user, found.account, session.csrf_token),
        context: contextOf(found.user, null),
      }
    },

    async settle() {
      await Promise.all(recordingFailures)
    },

    async logout(sessionId, ip) {
      if (typeof sessionId !== 'string' || sessionId.length === 0 || sessionId.length > 128) return
      const digest = digestSessionId(sessionId)
      await runInTransaction(db, async (trx) => {
        const session = await trx
          .selectFrom('sessions')
          .innerJoin('users', 'users.id', 'sessions.user_id')
          .select(['users.id as userId', 'users.account_id as accountId'])
          .where('sessions.id_digest', '=', digest)
          .executeTakeFirst()
        if (!session) return
        await trx.deleteFrom('sessions').where('id_digest', '=', digest).execute()
        await auditSessionEvent(trx, session, 'session.logout', { at: now().toISOString(), ip })
      })
    },

    async setLocale(context, locale) {
      if (context.actor.type !== 'user') throw new TokenConsoleError('RoleNotPermitted')
      const parsed = parseInput(Locale, locale)
      const { userId } = context.actor
      await runQuery(() =>
        db
          .updateTable('users')
          .set({ locale: parsed })
          .where('id', '=', userId)
          .where('account_id', '=', context.accountId)
          .execute(),
      )
    },
  }
}
