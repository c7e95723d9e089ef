import { sql } from 'kysely'
import { apiVersionsOf, type AccountKind } from '../../accounts/account-kinds.js'
import { LEGACY_ACCESS, legacyScopes } from '../../legacy/legacy-scopes.js'
import { scopeCatalog } from '../../scopes/catalog.js'
import { scopeOf, type Scope } from '../../scopes/scope.js'
import { RATE_LIMIT_DEFAULT } from '../../tokens/token-schemas.js'
import { recordSystemEvent } from '../audit/record-audit-event.js'
import type { Keyring } from '../crypto/keyring.js'
import { hashPassword } from '../crypto/password-hash.js'
import { generateId } from '../crypto/random-secrets.js'
import type { DatabaseDialectName } from '../database/open-database.js'
import { runInTransaction } from '../database/run-in-transaction.js'
import type { Db } from '../database/schema.js'
import { LEGACY_TOKEN_NAMES } from '../legacy/legacy-token-service.js'
import { insertToken } from '../tokens/insert-token.js'
import { newTokenRow } from '../tokens/new-token-row.js'
import { legacyKindOf } from '../tokens/token-records.js'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, LEGACY_DEMO_USAGE, type DemoAge } from './demo-accounts.js'
import { insertDemoUsage, type DemoUsageToken } from './demo-usage.js'
import { daysBefore } from '../../time/durations.js'

function demoScopes(
  kind: AccountKind,
  apiVersion: string,
  categoryIds: readonly string[],
  readOnly: boolean,
): Scope[] {
  const scopes: Scope[] = []
  for (const category of scopeCatalog(kind, apiVersion).categories) {
    if (!categoryIds.includes(category.id)) continue
    for (const endpoint of category.endpoints) {
      for (const method of endpoint.methods) {
        if (!readOnly || method === 'GET') scopes.push(scopeOf(method, endpoint.path))
      }
    }
  }
  // Every kind has the Account category, so a token never ends up without a scope.
  return scopes.length > 0 ? scopes : [scopeOf('GET', '/Account')]
}

function createdAt(age: DemoAge, now: Date): string {
  if ('daysAgo' in age) return daysBefore(now, age.daysAgo).toISOString()
  // Fixed dates stay in "more than 30 days" even when the clock is set early.
  return new Date(Math.min(Date.parse(age.on), daysBefore(now, 31).getTime())).toISOString()
}

/** A last use `minutesAgo` before now, but never before the token existed. */
function lastUsedAt(minutesAgo: number | null, created: string, now: Date): string | null {
  if (minutesAgo === null) return null
  return new Date(Math.max(Date.parse(created), now.getTime() - minutesAgo * 60_000)).toISOString()
}

/**
 * Seeds the demo accounts of the README ("Demo logins") into an empty database, in one transaction,
 * relative to the injected clock. A database that holds any account is left untouched.
 */
/** Serialises the seeding of instances starting together on one PostgreSQL database (any fixed number). */
const SEED_LOCK_KEY = 7_301_455

export async function seedDemoData(deps: {
  db: Db
  dialect: DatabaseDialectName
  keyring: Keyring
  now: () => Date
}): Promise<boolean> {
  const { db, keyring } = deps
  const existing = await db.selectFrom('accounts').select('id').limit(1).executeTakeFirst()
  if (existing) return false
  const now = deps.now()
  const passwordHashes = await Promise.all(
    DEMO_ACCOUNTS.flatMap((account) => account.users.map(() => hashPassword(DEMO_PASSWORD))),
  )

  return runInTransaction(db, async (trx) => {
    // SQLite's BEGIN IMMEDIATE already excludes a second seeder; PostgreSQL needs a lock, after
    // which the check below sees what a seeder that went first committed.
    if (deps.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`.execute(trx)
    if (await trx.selectFrom('accounts').select('id').limit(1).executeTakeFirst()) return false
    let hashIndex = 0
    const usageTokens: DemoUsageToken[] = []
    for (const demo of DEMO_ACCOUNTS) {
      const accountId = generateId('acc')
      const accountCreated = new Date(Date.parse('2024-06-03T08:00:00.000Z')).toISOString()
      const legacyEnabledAt = demo.legacy ? createdAt({ on: '2024-09-16T10:00:00.000Z' }, now) : null
      await trx
        .insertInto('accounts')
        .values({
          id: accountId,
          kind: demo.kind,
          name: demo.name,
          legacy_enabled_at: legacyEnabledAt,
          created_at: accountCreated,
        })
        .execute()
      const userIds: Record<'admin' | 'impl', string> = { admin: '', impl: '' }
      for (const user of demo.users) {
        const id = generateId('usr')
        if (user.role === 'account_administrator') userIds.admin = id
        if (user.role === 'implementation_specialist') userIds.impl = id
        await trx
          .insertInto('users')
          .values({
            id,
            account_id: accountId,
            email: user.email,
            name: user.name,
            role: user.role,
            password_hash: passwordHashes[hashIndex++] as string,
            locale: null,
            created_at: accountCreated,
          })
          .execute()
      }

      const versions = apiVersionsOf(demo.kind)
      for (const token of demo.tokens) {
        const apiVersion = versions[token.versionIndex] as string
        const at = createdAt(token.age, now)
        const scopes = demoScopes(demo.kind, apiVersion, token.categories, token.readOnly)
        const lastUsed = lastUsedAt(token.lastUsedMinutesAgo, at, now)
        const { row } = newTokenRow(keyring, {
          accountId,
          name: token.name,
          description: token.description,
          apiVersion,
          state: token.disabled ? 'disabled' : 'enabled',
          primaryContactUserId: userIds[token.contact],
          rateLimitPerHour: token.rateLimitPerHour ?? RATE_LIMIT_DEFAULT,
          scopes,
          developerEmails: token.developers.map((local) => `${local}@${demo.developerDomain}`),
          createdAt: at,
          lastUsedAt: lastUsed,
        })
        const { id } = row
        await insertToken(trx, row)
        // A disabled token keeps the usage it had before it was disabled.
        if (token.usage && lastUsed !== null) {
          usageTokens.push({
            id,
            accountId,
            kind: demo.kind,
            apiVersion,
            scopes,
            createdAt: at,
            lastUsedAt: lastUsed,
            usage: token.usage,
          })
        }
        await recordSystemEvent(trx, {
          accountId,
          action: 'token.create',
          tokenId: id,
          at,
          details: { name: token.name, apiVersion, demo: true },
        })
      }

      if (demo.legacy && legacyEnabledAt) {
        const legacyIds: string[] = []
        for (const access of LEGACY_ACCESS) {
          const legacyLastUsed = lastUsedAt(demo.legacy[access], legacyEnabledAt, now)
          const { row } = newTokenRow(keyring, {
            accountId,
            kind: legacyKindOf(access),
            name: LEGACY_TOKEN_NAMES[access],
            apiVersion: versions[0] as string,
            primaryContactUserId: userIds.admin,
            createdAt: legacyEnabledAt,
            lastUsedAt: legacyLastUsed,
          })
          await insertToken(trx, row)
          legacyIds.push(row.id)
          if (legacyLastUsed !== null) {
            usageTokens.push({
              id: row.id,
              accountId,
              kind: demo.kind,
              apiVersion: versions[0] as string,
              scopes: legacyScopes(demo.kind, versions[0] as string, access),
              createdAt: legacyEnabledAt,
              lastUsedAt: legacyLastUsed,
              usage: LEGACY_DEMO_USAGE[access],
            })
          }
        }
        await recordSystemEvent(trx, {
          accountId,
          action: 'legacy.enable',
          tokenId: null,
          tokenIds: legacyIds,
          at: legacyEnabledAt,
          details: { apiVersion: versions[0] as string, demo: true },
        })
      }
    }
    await insertDemoUsage(trx, usageTokens, now)
    return true
  })
}
