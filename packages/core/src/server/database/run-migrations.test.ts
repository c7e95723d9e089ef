import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { AuditFilter } from '../../audit/audit-schemas.js'
import { auditPageQuery } from '../audit/audit-service.js'
import { loadOpenLeaks } from '../leaks/open-leaks.js'
import { databaseUrlOf, testDialect, withAdminClient } from '../test-support/test-postgres.js'
import { MIGRATIONS } from './migrations.js'
import { openDatabase } from './open-database.js'
import { migratorOf, runMigrations } from './run-migrations.js'
import type { DatabaseSchema } from './schema.js'

const folders: string[] = []
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** An empty database of this run's dialect (a fresh folder, or a new PostgreSQL database), dropped after the test. */
async function openEmptyDatabase(): Promise<Kysely<DatabaseSchema>> {
  if (testDialect() === 'sqlite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'tokens-migrate-'))
    folders.push(dataDir)
    const { db } = await openDatabase({ dataDir })
    cleanups.push(() => db.destroy())
    return db
  }
  const postgres = inject('tokensPostgres')
  if (postgres === undefined || 'skipped' in postgres) throw new Error('no PostgreSQL server')
  const name = `tokens_empty_${randomBytes(6).toString('hex')}`
  await withAdminClient(postgres.serverUrl, (client) =>
    client.query(`create database "${name}" template template0 encoding 'UTF8'`),
  )
  const { db } = await openDatabase({ dataDir: '', databaseUrl: databaseUrlOf(postgres.serverUrl, name) })
  cleanups.push(async () => {
    await db.destroy()
    await withAdminClient(postgres.serverUrl, (client) =>
      client.query(`drop database if exists "${name}" with (force)`),
    )
  })
  return db
}

/** The migrator of run-migrations.ts, stopped at an older migration: a database from an older release. */
async function migrateTo(db: Kysely<DatabaseSchema>, name: string): Promise<void> {
  const { error } = await migratorOf(db).migrateTo(name)
  if (error) throw error
}

describe.skipIf(testDialect() !== 'sqlite')('migrations on SQLite', () => {
  it('a migration that fails half-way on SQLite leaves the database to migrate again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tokens-migrate-'))
    folders.push(dataDir)
    const older = await openDatabase({ dataDir })
    await migrateTo(older.db, '0004-shared-limit-counters')
    await older.db.destroy()

    // An upgrade on a full disk: not one page may be added, so a later statement of a migration fails.
    const full = await openDatabase({
      dataDir,
      onSqliteConnection: (database) => {
        const pages = database.pragma('page_count', { simple: true }) as number
        database.pragma(`max_page_count = ${pages}`)
      },
    })
    await expect(runMigrations(full.db)).rejects.toThrow(/Database migration .* failed/)
    await full.db.destroy()

    // Space freed: the next start migrates to the latest schema.
    const freed = await openDatabase({ dataDir })
    try {
      const applied = await runMigrations(freed.db)
      expect(applied[0]).toMatch(/^0005-/)
      expect(applied.at(-1)).toBe(MIGRATIONS.at(-1)?.[0])
    } finally {
      await freed.db.destroy()
    }
  })
})

/** When the rows an older release wrote were written. */
const at = '2026-01-02T03:04:05.000Z'

/**
 * A database of an older release (stopped at `migration`) holding one account, `acc_1`, and
 * `older`, a handle on it untyped: the tables as that release had them.
 */
async function accountBefore(migration: string) {
  const db = await openEmptyDatabase()
  await migrateTo(db, migration)
  const older = db as unknown as Kysely<Record<string, Record<string, unknown>>>
  await older
    .insertInto('accounts')
    .values({ id: 'acc_1', kind: 'brand', name: 'Acme', legacy_enabled_at: null, created_at: at })
    .execute()
  return { db, older }
}

/** `tok_1`, an enabled scoped token of `acc_1`, as an older release stored it (columns added since allow null). */
function olderToken(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'tok_1',
    account_id: 'acc_1',
    kind: 'scoped',
    sid: 'TK000000000000000000000001',
    name: 'Shop',
    name_search: 'shop',
    description: '',
    api_version: 'v14',
    state: 'enabled',
    secret_digest: 'digest',
    sealed_secret: 'sealed',
    rate_limit_per_hour: 1_000,
    created_at: at,
    updated_at: at,
    ...changes,
  }
}

describe('migrations of stored data', () => {
  it('reads a leak recorded before leaks named their secret as a leak of the current secret', async () => {
    const { db, older } = await accountBefore('0014-session-expiry')
    await older.insertInto('tokens').values(olderToken()).execute()
    await older
      .insertInto('token_leaks')
      .values({
        id: 'lek_1',
        token_id: 'tok_1',
        account_id: 'acc_1',
        token_hash: 'a'.repeat(64),
        reported_at: at,
        url: null,
        source: null,
        action: 'rotated',
      })
      .execute()

    await runMigrations(db)

    const leaks = await loadOpenLeaks(db, ['tok_1'])
    expect(leaks.get('tok_1')).toEqual({ reportedAt: at, url: null, action: 'rotated', secret: 'current' })
  })
})

/** A database before 0018 holding these audit events, each a system event of `acc_1`. */
async function trailBefore0018(
  events: ReadonlyArray<readonly [id: string, action: string, details: Record<string, unknown>]>,
): Promise<Kysely<DatabaseSchema>> {
  const { db, older } = await accountBefore('0017-leak-ended-secrets')
  await older
    .insertInto('audit_events')
    .values(
      events.map(([id, action, details]) => ({
        id,
        account_id: 'acc_1',
        actor_type: 'system',
        actor_id: null,
        action,
        token_id: null,
        at,
        ip: null,
        details: JSON.stringify(details),
      })),
    )
    .execute()
  return db
}

describe('0020-grant-times-of-older-scopes', () => {
  it('gives a scope granted before grant times were kept its token’s last change, and keeps the grant times known', async () => {
    const { db, older } = await accountBefore('0019-scope-grant-times')
    const updatedAt = '2026-02-03T04:05:06.000Z'
    await older
      .insertInto('tokens')
      .values(olderToken({ updated_at: updatedAt }))
      .execute()
    await older
      .insertInto('token_scopes')
      .values([
        { token_id: 'tok_1', scope: 'GET /Account', granted_at: null },
        { token_id: 'tok_1', scope: 'GET /Reports', granted_at: null },
        { token_id: 'tok_1', scope: 'GET /Tokens', granted_at: at },
      ])
      .execute()

    await runMigrations(db)

    const rows = await db
      .selectFrom('token_scopes')
      .select(['scope', 'granted_at'])
      .orderBy('scope')
      .execute()
    expect(rows).toEqual([
      { scope: 'GET /Account', granted_at: updatedAt },
      { scope: 'GET /Reports', granted_at: updatedAt },
      { scope: 'GET /Tokens', granted_at: at },
    ])
  })
})

describe('0018-webhook-audit-origin', () => {
  it('keeps only the origin of the URL in webhook events written before, and leaves other events as they were', async () => {
    const db = await trailBefore0018([
      [
        'evt_1',
        'webhook.create',
        {
          webhookId: 'whk_1',
          url: 'https://hooks.slack.com/services/T0001/B0001/pathsecret',
          eventTypes: ['token.leaked'],
          enabled: true,
        },
      ],
      [
        'evt_2',
        'webhook.update',
        {
          webhookId: 'whk_1',
          fields: ['url'],
          url: 'https://hooks.example.test:8443/in?token=querysecret#part',
          enabled: false,
        },
      ],
      ['evt_3', 'webhook.delete', { webhookId: 'whk_2', url: 'http://127.0.0.1:3000/hook/pathsecret' }],
      ['evt_4', 'webhook.delete', { webhookId: 'whk_3', url: 'https://example.test' }],
      [
        'evt_5',
        'token.leaked',
        { name: 'Shop', url: 'https://paste.example.test/abc', action: 'none', secret: 'current' },
      ],
    ])

    await runMigrations(db)

    const rows = await db.selectFrom('audit_events').select(['id', 'details']).orderBy('id').execute()
    expect(rows.map((row) => JSON.parse(row.details) as unknown)).toEqual([
      { webhookId: 'whk_1', url: 'https://hooks.slack.com', eventTypes: ['token.leaked'], enabled: true },
      { webhookId: 'whk_1', fields: ['url'], url: 'https://hooks.example.test:8443', enabled: false },
      { webhookId: 'whk_2', url: 'http://127.0.0.1:3000' },
      { webhookId: 'whk_3', url: 'https://example.test' },
      { name: 'Shop', url: 'https://paste.example.test/abc', action: 'none', secret: 'current' },
    ])
  })

  it('rewrites a trail longer than one batch to its end', async () => {
    const db = await trailBefore0018(
      Array.from({ length: 501 }, (_, index) => [
        `evt_${String(index).padStart(5, '0')}`,
        'webhook.delete',
        { webhookId: `whk_${index}`, url: `https://hooks.example.test/in/pathsecret${index}` },
      ]),
    )

    await runMigrations(db)

    const rows = await db.selectFrom('audit_events').select('details').execute()
    expect(rows).toHaveLength(501)
    expect(rows.filter((row) => row.details.includes('pathsecret'))).toEqual([])
  })
})

describe('0021-delivery-attempts-before-resend', () => {
  it('keeps every attempt of a delivery queued before, its backoff counting them all as it did', async () => {
    const { db, older } = await accountBefore('0020-grant-times-of-older-scopes')
    await older
      .insertInto('notification_events')
      .values({
        id: 'msg_1',
        account_id: 'acc_1',
        type: 'token.leaked',
        token_id: null,
        data: '{}',
        dedupe_key: null,
        created_at: at,
      })
      .execute()
    await older
      .insertInto('notification_deliveries')
      .values({
        id: 'dlv_1',
        event_id: 'msg_1',
        account_id: 'acc_1',
        channel: 'email',
        webhook_id: null,
        recipient: 'dev@example.test',
        locale: 'en',
        status: 'pending',
        attempts: 3,
        next_attempt_at: at,
        give_up_at: at,
        claimed_until: null,
        claim_id: null,
        last_attempt_at: at,
        last_response_status: 451,
        last_error: 'smtp_failed',
        delivered_at: null,
        created_at: at,
      })
      .execute()

    await runMigrations(db)

    expect(
      await db.selectFrom('notification_deliveries').select(['attempts', 'attempts_before_resend']).execute(),
    ).toEqual([{ attempts: 3, attempts_before_resend: 0 }])
  })
})

describe('0023-audit-event-tokens', () => {
  /**
   * Before 0023: `acc_1` and `acc_2` each with their legacy pair and a trail of pair events
   * (token_id null; only a reveal named the pair, in its details), and `acc_1` with events of one
   * credential and of a scoped token.
   */
  async function trailBefore0023() {
    const { db, older } = await accountBefore('0022-key-rotations')
    await older
      .insertInto('accounts')
      .values({ id: 'acc_2', kind: 'brand', name: 'Other', legacy_enabled_at: at, created_at: at })
      .execute()
    await older
      .insertInto('tokens')
      .values([
        olderToken(),
        olderToken({ id: 'tok_rw1', kind: 'legacy_read_write', sid: 'AC1', name: 'Read/Write' }),
        olderToken({ id: 'tok_ro1', kind: 'legacy_read_only', sid: 'AC2', name: 'Read-Only' }),
        olderToken({ id: 'tok_rw2', account_id: 'acc_2', kind: 'legacy_read_write', sid: 'AC3' }),
        olderToken({ id: 'tok_ro2', account_id: 'acc_2', kind: 'legacy_read_only', sid: 'AC4' }),
      ])
      .execute()
    const event = (id: string, accountId: string, action: string, tokenId: string | null, details = {}) => ({
      id,
      account_id: accountId,
      actor_type: 'system',
      actor_id: null,
      action,
      token_id: tokenId,
      at: `2026-01-02T03:04:0${id.slice(-1)}.000Z`,
      ip: null,
      details: JSON.stringify(details),
    })
    await older
      .insertInto('audit_events')
      .values([
        event('evt_1', 'acc_1', 'legacy.enable', null, { apiVersion: 'v12' }),
        event('evt_2', 'acc_1', 'legacy.reveal', null, { tokenIds: ['tok_rw1', 'tok_ro1'] }),
        event('evt_3', 'acc_1', 'legacy.upgrade', null, { fromApiVersion: 'v12', toApiVersion: 'v13' }),
        event('evt_4', 'acc_1', 'legacy.reset', 'tok_ro1', { access: 'read_only' }),
        event('evt_5', 'acc_1', 'token.create', 'tok_1', { name: 'Shop' }),
        event('evt_6', 'acc_2', 'legacy.enable', null, { apiVersion: 'v12' }),
        event('evt_7', 'acc_2', 'legacy.reveal', null, { tokenIds: ['tok_rw2', 'tok_ro2'] }),
      ])
      .execute()
    return db
  }

  /** The filed tokens, as `event token` lines in order. */
  async function filed(db: Kysely<DatabaseSchema>): Promise<string[]> {
    const rows = await db
      .selectFrom('audit_event_tokens')
      .selectAll()
      .orderBy('event_id')
      .orderBy('token_id')
      .execute()
    return rows.map((row) => `${row.event_id} ${row.token_id} ${row.account_id} ${row.at}`)
  }

  it('files the pair events written before under their own account’s legacy pair, and nothing else', async () => {
    const db = await trailBefore0023()
    const details = await db.selectFrom('audit_events').select(['id', 'details']).orderBy('id').execute()

    await runMigrations(db)

    expect(await filed(db)).toEqual([
      'evt_1 tok_ro1 acc_1 2026-01-02T03:04:01.000Z',
      'evt_1 tok_rw1 acc_1 2026-01-02T03:04:01.000Z',
      'evt_2 tok_ro1 acc_1 2026-01-02T03:04:02.000Z',
      'evt_2 tok_rw1 acc_1 2026-01-02T03:04:02.000Z',
      'evt_3 tok_ro1 acc_1 2026-01-02T03:04:03.000Z',
      'evt_3 tok_rw1 acc_1 2026-01-02T03:04:03.000Z',
      'evt_6 tok_ro2 acc_2 2026-01-02T03:04:06.000Z',
      'evt_6 tok_rw2 acc_2 2026-01-02T03:04:06.000Z',
      'evt_7 tok_ro2 acc_2 2026-01-02T03:04:07.000Z',
      'evt_7 tok_rw2 acc_2 2026-01-02T03:04:07.000Z',
    ])
    // The events themselves stay as they were written.
    expect(await db.selectFrom('audit_events').select(['id', 'details']).orderBy('id').execute()).toEqual(
      details,
    )
    const byToken = async (accountId: string, tokenId: string) =>
      (await auditPageQuery(db, accountId, AuditFilter.parse({ tokenId }), undefined, 50).execute()).map(
        (row) => row.id,
      )
    expect(await byToken('acc_1', 'tok_ro1')).toEqual(['evt_4', 'evt_3', 'evt_2', 'evt_1'])
    expect(await byToken('acc_1', 'tok_rw1')).toEqual(['evt_3', 'evt_2', 'evt_1'])
    expect(await byToken('acc_1', 'tok_rw2')).toEqual([])
    expect(await byToken('acc_2', 'tok_rw2')).toEqual(['evt_7', 'evt_6'])
  })

  it('runs again whole after a stop, filing each event’s tokens once', async () => {
    const db = await trailBefore0023()
    await runMigrations(db)
    const once = await filed(db)
    const migration = MIGRATIONS.find(([name]) => name === '0023-audit-event-tokens')?.[1]
    if (!migration) throw new Error('0023-audit-event-tokens is not among the migrations')
    await migration.up(db as unknown as Kysely<unknown>)
    expect(await filed(db)).toEqual(once)
  })
})
