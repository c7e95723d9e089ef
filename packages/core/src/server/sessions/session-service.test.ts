import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import SqliteDatabase from 'better-sqlite3'
import { describe, expect, it, vi } from 'vitest'
import type { CoreLogFields } from '../core-contract.js'
import { DATABASE_FILE } from '../database/open-database.js'
import { openTestAccountsClosedAfterEach, TEST_USER_PASSWORD } from '../test-support/open-test-core.js'
import { testDialect } from '../test-support/test-postgres.js'

const MINUTE = 60_000
const openAccount = openTestAccountsClosedAfterEach()

async function setup() {
  const { account, ...test } = await openAccount('partner')
  const users = await test.core.users.list(account.admin)
  const email = users.find((u) => u.id === account.adminUserId)?.email as string
  return { ...test, account, email }
}

describe('sessions', () => {
  it('signs in with e-mail (any case) and password, and resumes with the user, account and CSRF token', async () => {
    const { core, account, email } = await setup()
    const { sessionId, session } = await core.auth.login(
      email.toUpperCase(),
      TEST_USER_PASSWORD,
      '198.51.100.4',
    )
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(session.user).toMatchObject({
      id: account.adminUserId,
      role: 'account_administrator',
      locale: null,
    })
    expect(session.account).toMatchObject({ id: account.accountId, kind: 'partner' })
    const resumed = await core.auth.resume(sessionId)
    expect(resumed?.session).toEqual(session)
    expect(resumed?.context).toEqual({
      accountId: account.accountId,
      actor: { type: 'user', userId: account.adminUserId, role: 'account_administrator' },
      ip: null,
    })
  })

  it('answers the same refusal for an unknown e-mail and a wrong password', async () => {
    const { core, email } = await setup()
    await expect(core.auth.login('nobody@example.test', TEST_USER_PASSWORD, null)).rejects.toMatchObject({
      code: 'InvalidCredentials',
    })
    await expect(core.auth.login(email, 'wrong password', null)).rejects.toMatchObject({
      code: 'InvalidCredentials',
    })
    await expect(core.auth.login('not an e-mail', 'x', null)).rejects.toMatchObject({
      code: 'InvalidCredentials',
    })
  })

  it('issues a new session id and CSRF token at every login and stores only the id’s digest', async () => {
    const { core, email, database } = await setup()
    const first = await core.auth.login(email, TEST_USER_PASSWORD, null)
    const second = await core.auth.login(email, TEST_USER_PASSWORD, null)
    expect(second.sessionId).not.toBe(first.sessionId)
    expect(second.session.csrfToken).not.toBe(first.session.csrfToken)
    const rows = await (await database()).selectFrom('sessions').selectAll().execute()
    const stored = JSON.stringify(rows)
    expect(stored).not.toContain(first.sessionId)
    expect(stored).toContain(createHash('sha256').update(first.sessionId).digest('hex'))
  })

  it('expires after 30 idle minutes, sliding with use', async () => {
    const { core, email, clock } = await setup()
    const { sessionId } = await core.auth.login(email, TEST_USER_PASSWORD, null)
    clock.advance(29 * MINUTE)
    expect(await core.auth.resume(sessionId)).not.toBeNull()
    clock.advance(29 * MINUTE)
    expect(await core.auth.resume(sessionId)).not.toBeNull()
    clock.advance(30 * MINUTE)
    expect(await core.auth.resume(sessionId)).toBeNull()
  })

  it('expires 12 hours after login however active the user is', async () => {
    const { core, email, clock } = await setup()
    const { sessionId } = await core.auth.login(email, TEST_USER_PASSWORD, null)
    for (let i = 0; i < 35; i++) {
      clock.advance(20 * MINUTE)
      expect(await core.auth.resume(sessionId), `after ${(i + 1) * 20} minutes`).not.toBeNull()
    }
    clock.advance(20 * MINUTE)
    expect(await core.auth.resume(sessionId)).toBeNull()
  })

  it('ends the session at logout and ignores unknown ids', async () => {
    const { core, email } = await setup()
    const { sessionId } = await core.auth.login(email, TEST_USER_PASSWORD, null)
    await core.auth.logout(sessionId, null)
    expect(await core.auth.resume(sessionId)).toBeNull()
    await core.auth.logout('unknown', null)
    expect(await core.auth.resume('')).toBeNull()
  })

  it('audits a sign-out with the address it came from', async () => {
    const { core, account, email } = await setup()
    const { sessionId } = await core.auth.login(email, TEST_USER_PASSWORD, '198.51.100.4')
    await core.auth.logout(sessionId, '2001:db8::7')
    const { items } = await core.audit.list(account.admin, {})
    expect(items.find((event) => event.action === 'session.logout')).toMatchObject({
      actor: { type: 'user', userId: account.adminUserId },
      ip: '2001:db8::7',
    })
  })

  it('audits a wrong password on the account of the e-mail, with the address, and never what was typed', async () => {
    const { core, account, email, database } = await setup()
    const typed = 'Correct-Horse-Battery-Wrong'
    await expect(core.auth.login(email, typed, '203.0.113.66')).rejects.toMatchObject({
      code: 'InvalidCredentials',
    })
    const failed = await vi.waitFor(async () => {
      const { items } = await core.audit.list(account.admin, {})
      const event = items.find((item) => item.action === 'session.login_failed')
      expect(event).toBeDefined()
      return event
    })
    expect(failed).toMatchObject({
      actor: { type: 'user', userId: account.adminUserId },
      tokenId: null,
      ip: '203.0.113.66',
    })
    const rows = await (await database()).selectFrom('audit_events').selectAll().execute()
    expect(JSON.stringify(rows)).not.toContain(typed)
  })

  it('records nothing for an unknown e-mail or a malformed attempt: there is no account to show it to', async () => {
    const { core, account, email, database } = await setup()
    await expect(core.auth.login('nobody@example.test', 'guess guess', '203.0.113.66')).rejects.toMatchObject(
      {
        code: 'InvalidCredentials',
      },
    )
    await expect(core.auth.login(email, 'x'.repeat(2_000), '203.0.113.66')).rejects.toMatchObject({
      code: 'InvalidCredentials',
    })
    // A known e-mail's failure, recorded after the others were answered: once it is there, nothing else came.
    await expect(core.auth.login(email, 'wrong password', '203.0.113.67')).rejects.toMatchObject({
      code: 'InvalidCredentials',
    })
    await vi.waitFor(async () => {
      const { items } = await core.audit.list(account.admin, {})
      expect(items.some((item) => item.action === 'session.login_failed')).toBe(true)
    })
    const rows = await (await database()).selectFrom('audit_events').selectAll().execute()
    expect(rows.filter((row) => row.action === 'session.login_failed').map((row) => row.ip)).toEqual([
      '203.0.113.67',
    ])
    expect(JSON.stringify(rows)).not.toContain('nobody@example.test')
  })

  it.runIf(testDialect() === 'sqlite')(
    'answers a wrong password without waiting for its audit write, and logs an event it could not record',
    async () => {
      const logged: { event: string; fields: CoreLogFields }[] = []
      const { account, ...test } = await openAccount('brand', {
        busyTimeoutMs: 3_000,
        logger: { log: (_level, event, fields) => logged.push({ event, fields }) },
      })
      const email = (await test.core.users.list(account.admin)).find((u) => u.id === account.adminUserId)
        ?.email as string
      const other = new SqliteDatabase(join(test.dataDir, DATABASE_FILE))
      try {
        other.exec('begin immediate')
        const started = performance.now()
        await expect(test.core.auth.login(email, 'wrong password', '203.0.113.66')).rejects.toMatchObject({
          code: 'InvalidCredentials',
        })
        // The write waits up to the 3 s busy timeout for the lock another connection holds; the answer does not.
        expect(performance.now() - started).toBeLessThan(2_500)
        await vi.waitFor(
          () => expect(logged.map((entry) => entry.event)).toContain('audit.failed_sign_in_not_recorded'),
          {
            timeout: 10_000,
          },
        )
      } finally {
        other.exec('rollback')
        other.close()
      }
      expect(
        logged.find((entry) => entry.event === 'audit.failed_sign_in_not_recorded')?.fields,
      ).toMatchObject({
        accountId: account.accountId,
        userId: account.adminUserId,
        code: 'Busy',
      })
      expect(JSON.stringify(logged)).not.toContain('wrong password')
    },
  )

  it('deletes sessions expired by idle time or by absolute lifetime in the hourly prune job, and keeps live ones', async () => {
    const { core, email, clock, database, account } = await setup()
    const db = await database()
    const digest = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex')
    // Used every 20 minutes until its 12 hours end (its idle expiry is capped at them).
    const lifetime = await core.auth.login(email, TEST_USER_PASSWORD, null)
    for (let elapsed = 20; elapsed <= 11 * 60 + 40; elapsed += 20) {
      clock.advance(20 * MINUTE)
      expect(await core.auth.resume(lifetime.sessionId)).not.toBeNull()
    }
    const idle = await core.auth.login(email, TEST_USER_PASSWORD, null)
    clock.advance(10 * MINUTE)
    const used = await core.auth.login(email, TEST_USER_PASSWORD, null)
    clock.advance(15 * MINUTE)
    expect(await core.auth.resume(used.sessionId)).not.toBeNull()
    clock.advance(6 * MINUTE)
    const fresh = await core.auth.login(email, TEST_USER_PASSWORD, null)
    // 12 h 11 min after the first sign-in: `lifetime` ended at 12 h, `idle` at 12 h 10 min.
    const at = clock.now().getTime()
    const iso = (ms: number) => new Date(ms).toISOString()
    // Abandoned sign-ins as the table collects them (several batches' worth), and a row expired
    // by its absolute lifetime only.
    const abandoned = Array.from({ length: 1_200 }, (_, i) => ({
      id_digest: digest(`abandoned-${i}`),
      user_id: account.adminUserId,
      csrf_token: `csrf-${i}`,
      created_at: iso(at - 40 * MINUTE - i * 1_000),
      idle_expires_at: iso(at - 10 * MINUTE - i * 1_000),
      absolute_expires_at: iso(at + 11 * 60 * MINUTE),
    }))
    abandoned.push({
      id_digest: digest('absolute-only'),
      user_id: account.adminUserId,
      csrf_token: 'csrf-absolute',
      created_at: iso(at - 12 * 60 * MINUTE),
      idle_expires_at: iso(at + 20 * MINUTE),
      absolute_expires_at: iso(at),
    })
    for (let start = 0; start < abandoned.length; start += 300) {
      await db
        .insertInto('sessions')
        .values(abandoned.slice(start, start + 300))
        .execute()
    }
    expect(await db.selectFrom('sessions').select('id_digest').execute()).toHaveLength(1_205)

    const ran = await core.jobs.runDue()

    const left = await db.selectFrom('sessions').select('id_digest').orderBy('id_digest').execute()
    expect(left.map((row) => row.id_digest)).toEqual([digest(used.sessionId), digest(fresh.sessionId)].sort())
    expect(await core.auth.resume(used.sessionId)).not.toBeNull()
    expect(await core.auth.resume(fresh.sessionId)).not.toBeNull()
    expect(await core.auth.resume(idle.sessionId)).toBeNull()
    expect(await core.auth.resume(lifetime.sessionId)).toBeNull()
    expect(ran).toContain('prune-sessions')
  })

  it('remembers the user’s language', async () => {
    const { core, account, email } = await setup()
    await core.auth.setLocale(account.admin, 'zh-CN')
    const { session } = await core.auth.login(email, TEST_USER_PASSWORD, null)
    expect(session.user.locale).toBe('zh-CN')
    await expect(core.auth.setLocale(account.admin, 'fr' as 'en')).rejects.toMatchObject({
      code: 'ValidationFailed',
    })
  })

  it('lets an Analyst sign in (to be shown the no-access page) but not list users', async () => {
    const { core, account } = await setup()
    await expect(core.users.list(account.analyst)).rejects.toMatchObject({ code: 'RoleNotPermitted' })
    expect((await core.accounts.get(account.analyst)).id).toBe(account.accountId)
  })
})
