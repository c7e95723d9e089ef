import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely'
import { auditedWebhookUrlOf } from '../notifications/audited-webhook-url.js'

/** The tables of the schema, for migrations that treat every table alike. */
const TABLES = [
  'accounts',
  'users',
  'sessions',
  'tokens',
  'token_developer_emails',
  'token_scopes',
  'audit_events',
] as const

/** `collate "C"` on PostgreSQL (see 0002), nothing on SQLite (bytewise already). */
function bytewise(db: Kysely<unknown>) {
  return isPostgres(db) ? sql`collate "C"` : undefined
}

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

/**
 * The schema's history, oldest first. A migration is frozen once released: change the schema by
 * appending a new one, never by editing an old one. Only portable column types (text, integer)
 * so the same list runs on SQLite and PostgreSQL; a migration branches on the dialect only where
 * the two must differ. On PostgreSQL every text column compares bytewise (COLLATE "C"), as SQLite
 * does: a text column added later must say `collate "C"` there too (a test checks it).
 */
export const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  [
    '0001-initial-schema',
    {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('accounts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('legacy_enabled_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute()

        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('locale', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute()
        await db.schema.createIndex('users_account').on('users').columns(['account_id', 'name']).execute()

        await db.schema
          .createTable('sessions')
          .addColumn('id_digest', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('csrf_token', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('idle_expires_at', 'text', (c) => c.notNull())
          .addColumn('absolute_expires_at', 'text', (c) => c.notNull())
          .execute()
        await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()

        await db.schema
          .createTable('tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('sid', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('name_search', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('api_version', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('secret_digest', 'text', (c) => c.notNull())
          .addColumn('sealed_secret', 'text', (c) => c.notNull())
          .addColumn('primary_contact_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
          .addColumn('rate_limit_per_hour', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('reset_at', 'text')
          .addColumn('last_used_at', 'text')
          .execute()
        await db.schema
          .createIndex('tokens_list')
          .on('tokens')
          .columns(['account_id', 'kind', 'created_at', 'id'])
          .execute()
        await db.schema
          .createIndex('tokens_list_by_state')
          .on('tokens')
          .columns(['account_id', 'kind', 'state', 'created_at', 'id'])
          .execute()

        await db.schema
          .createTable('token_developer_emails')
          .addColumn('token_id', 'text', (c) => c.notNull().references('tokens.id').onDelete('cascade'))
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('token_developer_emails_pk', ['token_id', 'email'])
          .execute()

        await db.schema
          .createTable('token_scopes')
          .addColumn('token_id', 'text', (c) => c.notNull().references('tokens.id').onDelete('cascade'))
          .addColumn('scope', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('token_scopes_pk', ['token_id', 'scope'])
          .execute()

        await db.schema
          .createTable('audit_events')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
          .addColumn('actor_type', 'text', (c) => c.notNull())
          .addColumn('actor_id', 'text')
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('token_id', 'text')
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('ip', 'text')
          .addColumn('details', 'text', (c) => c.notNull())
          .execute()
        await db.schema
          .createIndex('audit_events_list')
          .on('audit_events')
          .columns(['account_id', 'at', 'id'])
          .execute()
      },
    },
  ],
  [
    '0002-postgres-bytewise-text',
    {
      // Orderings and keyset cursors compare text (ids, ISO times, names). SQLite compares bytes;
      // a PostgreSQL database created with a language collation (en_US.UTF-8, ICU) would sort
      // `tok_a` after `tok_B`, so pages would differ between the dialects and a cursor taken
      // under one order would skip rows under the other. The column collation fixes the order
      // regardless of how the database was created; indexes are rebuilt with it.
      async up(db: Kysely<unknown>) {
        if (!isPostgres(db)) return
        for (const table of TABLES) {
          const { rows } = await sql<{ column_name: string }>`
            select column_name from information_schema.columns
            where table_schema = current_schema() and table_name = ${table} and data_type = 'text'
            order by ordinal_position`.execute(db)
          for (const { column_name: column } of rows) {
            await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type text collate "C"`.execute(
              db,
            )
          }
        }
      },
    },
  ],
  [
    '0003-token-list-indexes-with-name',
    {
      // A name search is a substring match, which no B-tree can seek; it is a filter on the rows
      // the list walks in (created_at, id) order. With name_search as the last column of both
      // list indexes, that filter reads index entries only and fetches a table row just for a
      // match: a search that matches little in a 100,000-token account walks the index, not the
      // table. The old indexes are prefixes of the new ones, so they go.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createIndex('tokens_list_with_name')
          .on('tokens')
          .columns(['account_id', 'kind', 'created_at', 'id', 'name_search'])
          .execute()
        await db.schema
          .createIndex('tokens_list_by_state_with_name')
          .on('tokens')
          .columns(['account_id', 'kind', 'state', 'created_at', 'id', 'name_search'])
          .execute()
        await db.schema.dropIndex('tokens_list').execute()
        await db.schema.dropIndex('tokens_list_by_state').execute()
      },
    },
  ],
  [
    '0004-shared-limit-counters',
    {
      // Limits shared by instances on one PostgreSQL database (limits/shared-limits.ts,
      // docs/SECURITY.md "Limits across instances"). A counter row per (key, window): `count` is
      // every unit claimed by any instance (counted, or granted in advance and not given back),
      // `granted` the grant of the last reconciliation, `asked_*` what it asked for (the upsert
      // reads them back as `excluded.*`). Keys are keyed digests, never an address or e-mail.
      // Created on SQLite too, where the one instance counts in memory and leaves them empty.
      async up(db: Kysely<unknown>) {
        const text = isPostgres(db) ? sql`text collate "C"` : sql`text`
        await db.schema
          .createTable('limit_counters')
          .addColumn('key', text, (c) => c.notNull())
          .addColumn('window_start', 'bigint', (c) => c.notNull())
          .addColumn('window_end', 'bigint', (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull())
          .addColumn('granted', 'integer', (c) => c.notNull())
          .addColumn('asked_delta', 'integer', (c) => c.notNull())
          .addColumn('asked_want', 'integer', (c) => c.notNull())
          .addColumn('asked_cap', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('limit_counters_pk', ['key', 'window_start'])
          .execute()
        await db.schema
          .createIndex('limit_counters_window_end')
          .on('limit_counters')
          .column('window_end')
          .execute()
        await db.schema
          .createTable('limit_instances')
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('seen_at', 'bigint', (c) => c.notNull())
          .execute()
      },
    },
  ],
  [
    '0005-token-lifecycle',
    {
      // Expiry and rotation with overlap (issue 15). A token in rotation keeps the digest of its
      // previous auth token until the rotation ends, and its sealed copy: never shown again, it lets
      // a master-key rotation re-digest the previous secret too. The list indexes are rebuilt (same names) with expires_at as
      // their last column, so the state filter's expiry test reads index entries, as the name does.
      async up(db: Kysely<unknown>) {
        const text = (table: string, column: string) =>
          db.schema.alterTable(table).addColumn(column, 'text', (c) => {
            const collation = bytewise(db)
            return collation ? c.modifyFront(collation) : c
          })
        await text('tokens', 'expires_at').execute()
        await text('tokens', 'rotation_started_at').execute()
        await text('tokens', 'rotation_ends_at').execute()
        await db.schema.alterTable('tokens').addColumn('rotation_quiet_seconds', 'integer').execute()
        await text('tokens', 'rotation_old_digest').execute()
        await text('tokens', 'rotation_old_sealed_secret').execute()
        await text('tokens', 'rotation_old_last_used_at').execute()
        await text('tokens', 'rotation_new_last_used_at').execute()

        await db.schema.dropIndex('tokens_list_with_name').execute()
        await db.schema.dropIndex('tokens_list_by_state_with_name').execute()
        await db.schema
          .createIndex('tokens_list_with_name')
          .on('tokens')
          .columns(['account_id', 'kind', 'created_at', 'id', 'name_search', 'expires_at'])
          .execute()
        await db.schema
          .createIndex('tokens_list_by_state_with_name')
          .on('tokens')
          .columns(['account_id', 'kind', 'state', 'created_at', 'id', 'name_search', 'expires_at'])
          .execute()

        await db.schema
          .createTable('account_policies')
          .addColumn('account_id', 'text', (c) => {
            const column = c.primaryKey().references('accounts.id').onDelete('cascade')
            const collation = bytewise(db)
            return collation ? column.modifyFront(collation) : column
          })
          .addColumn('require_expiry', 'integer', (c) => c.notNull())
          .addColumn('max_lifetime_days', 'integer')
          .addColumn('disable_unused_after_days', 'integer')
          .addColumn('leak_response', 'text', (c) => {
            const column = c.notNull()
            const collation = bytewise(db)
            return collation ? column.modifyFront(collation) : column
          })
          .addColumn('updated_at', 'text', (c) => {
            const column = c.notNull()
            const collation = bytewise(db)
            return collation ? column.modifyFront(collation) : column
          })
          .execute()
      },
    },
  ],
  [
    '0006-token-leaks',
    {
      // Leaked credentials (issue 16). A report names the auth token only: finding its row needs an
      // index on the keyed digest, and on the previous secret's digest while a rotation overlaps.
      // Each leak is recorded once per secret: `token_hash` is SHA-256 of the auth token (what the
      // secret-scanning answer names too), stable across master-key rotations, unique, so a second
      // report of one secret records and applies nothing again. docs/SECURITY.md "Leaked credentials".
      async up(db: Kysely<unknown>) {
        const text = isPostgres(db) ? sql`text collate "C"` : sql`text`
        await db.schema.createIndex('tokens_secret_digest').on('tokens').column('secret_digest').execute()
        await db.schema
          .createIndex('tokens_rotation_old_digest')
          .on('tokens')
          .column('rotation_old_digest')
          .execute()
        await db.schema
          .createTable('token_leaks')
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('token_id', text, (c) => c.notNull().references('tokens.id').onDelete('cascade'))
          .addColumn('account_id', text, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
          .addColumn('token_hash', text, (c) => c.notNull().unique())
          .addColumn('reported_at', text, (c) => c.notNull())
          .addColumn('url', text)
          .addColumn('source', text)
          .addColumn('action', text, (c) => c.notNull())
          .addColumn('handled_at', text)
          .addColumn('handled_by_user_id', text)
          .execute()
        await db.schema
          .createIndex('token_leaks_token')
          .on('token_leaks')
          .columns(['token_id', 'reported_at'])
          .execute()
      },
    },
  ],
  [
    '0007-notifications',
    {
      // Notifications (issue 15): a transactional outbox. An event is written in the transaction of
      // the change that caused it, with one delivery row per target (an e-mail recipient or a
      // webhook); every instance's delivery loop claims due rows with a lease (`claimed_until`), so
      // a crash between claim and send only delays a row until the lease runs out. `dedupe_key` is
      // unique: a scan that runs twice (expiry notices) enqueues nothing the second time.
      async up(db: Kysely<unknown>) {
        const text = isPostgres(db) ? sql`text collate "C"` : sql`text`
        await db.schema
          .createTable('webhooks')
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('account_id', text, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
          .addColumn('url', text, (c) => c.notNull())
          .addColumn('description', text, (c) => c.notNull())
          .addColumn('event_types', text, (c) => c.notNull())
          .addColumn('enabled', 'integer', (c) => c.notNull())
          .addColumn('sealed_secret', text, (c) => c.notNull())
          .addColumn('created_at', text, (c) => c.notNull())
          .addColumn('updated_at', text, (c) => c.notNull())
          .execute()
        await db.schema
          .createIndex('webhooks_account')
          .on('webhooks')
          .columns(['account_id', 'created_at'])
          .execute()
        await db.schema
          .createTable('notification_events')
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('account_id', text, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
          .addColumn('type', text, (c) => c.notNull())
          .addColumn('token_id', text)
          .addColumn('data', text, (c) => c.notNull())
          .addColumn('dedupe_key', text, (c) => c.unique())
          .addColumn('created_at', text, (c) => c.notNull())
          .execute()
        await db.schema
          .createTable('notification_deliveries')
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('event_id', text, (c) =>
            c.notNull().references('notification_events.id').onDelete('cascade'),
          )
          .addColumn('account_id', text, (c) => c.notNull())
          .addColumn('channel', text, (c) => c.notNull())
          .addColumn('webhook_id', text, (c) => c.references('webhooks.id').onDelete('cascade'))
          .addColumn('recipient', text)
          .addColumn('locale', text)
          .addColumn('status', text, (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('next_attempt_at', text)
          .addColumn('give_up_at', text, (c) => c.notNull())
          .addColumn('claimed_until', text)
          .addColumn('claim_id', text)
          .addColumn('last_attempt_at', text)
          .addColumn('last_response_status', 'integer')
          .addColumn('last_error', text)
          .addColumn('delivered_at', text)
          .addColumn('created_at', text, (c) => c.notNull())
          .execute()
        await db.schema
          .createIndex('notification_deliveries_due')
          .on('notification_deliveries')
          .columns(['status', 'next_attempt_at'])
          .execute()
        await db.schema
          .createIndex('notification_deliveries_webhook')
          .on('notification_deliveries')
          .columns(['webhook_id', 'created_at'])
          .execute()
      },
    },
  ],
  [
    '0008-job-leases',
    {
      // Recurring jobs (scheduler/job-lease.ts): one row per job names the instance running it
      // until when (a lease, so a crashed holder's run is taken over once it expires) and when the
      // job is next due, so instances sharing the database run each job once per period. Epoch ms.
      async up(db: Kysely<unknown>) {
        const text = isPostgres(db) ? sql`text collate "C"` : sql`text`
        await db.schema
          .createTable('job_leases')
          .addColumn('name', text, (c) => c.primaryKey())
          .addColumn('holder', text)
          .addColumn('lease_expires_at', 'bigint', (c) => c.notNull())
          .addColumn('next_run_at', 'bigint', (c) => c.notNull())
          .execute()
      },
    },
  ],
  [
    '0009-token-usage',
    {
      // Usage of each token (issue 14): one row per token, hour, scope and outcome, written in
      // batches off the request path (usage/usage-recorder.ts) by additive upserts, so every
      // instance adds its counts. `scope` '' stands for a path outside the catalog (seen on
      // /verify). The last few distinct client addresses and user agents per token sit in
      // token_usage_clients. No foreign key to tokens: a batch recorded just before a token was
      // deleted must not fail for everyone in it; rows of deleted tokens show nowhere (every read
      // starts from an existing token) and are pruned with the rest after 90 days.
      async up(db: Kysely<unknown>) {
        const text = isPostgres(db) ? sql`text collate "C"` : sql`text`
        await db.schema
          .createTable('token_usage')
          .addColumn('token_id', text, (c) => c.notNull())
          .addColumn('account_id', text, (c) => c.notNull())
          .addColumn('hour', text, (c) => c.notNull())
          .addColumn('scope', text, (c) => c.notNull())
          .addColumn('outcome', text, (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull())
          .addColumn('last_at', text, (c) => c.notNull())
          .addPrimaryKeyConstraint('token_usage_pk', ['token_id', 'hour', 'scope', 'outcome'])
          .execute()
        await db.schema
          .createIndex('token_usage_account_hour')
          .on('token_usage')
          .columns(['account_id', 'hour'])
          .execute()
        await db.schema.createIndex('token_usage_hour').on('token_usage').column('hour').execute()
        await db.schema
          .createTable('token_usage_clients')
          .addColumn('token_id', text, (c) => c.notNull())
          .addColumn('kind', text, (c) => c.notNull())
          .addColumn('value', text, (c) => c.notNull())
          .addColumn('last_at', text, (c) => c.notNull())
          .addPrimaryKeyConstraint('token_usage_clients_pk', ['token_id', 'kind', 'value'])
          .execute()
      },
    },
  ],
  [
    '0010-audit-filters',
    {
      // The audit trail's filters (by token, actor, action) each walk their own index in the
      // list's (at, id) order, so a filtered page reads the rows it serves, not the account's trail.
      async up(db: Kysely<unknown>) {
        for (const [name, column] of [
          ['audit_events_by_token', 'token_id'],
          ['audit_events_by_actor', 'actor_id'],
          ['audit_events_by_action', 'action'],
        ] as const) {
          await db.schema
            .createIndex(name)
            .on('audit_events')
            .columns(['account_id', column, 'at', 'id'])
            .execute()
        }
      },
    },
  ],
  [
    '0011-notification-claim-indexes',
    {
      // The delivery loop's reads each walk an index to the rows they want, so a round with
      // nothing sendable costs a few index seeks however many rows wait: due rows by channel
      // (e-mails wait without a mail server and must not be scanned by the webhook read; this
      // replaces the (status, next_attempt_at) index, its prefix serves the same reads), rows past
      // their 24 hours (expired before each claim), and live claims (accounts with rows in flight).
      async up(db: Kysely<unknown>) {
        await db.schema
          .createIndex('notification_deliveries_sendable')
          .on('notification_deliveries')
          .columns(['status', 'channel', 'next_attempt_at'])
          .execute()
        await db.schema.dropIndex('notification_deliveries_due').execute()
        await db.schema
          .createIndex('notification_deliveries_give_up')
          .on('notification_deliveries')
          .columns(['status', 'give_up_at'])
          .execute()
        await db.schema
          .createIndex('notification_deliveries_claimed')
          .on('notification_deliveries')
          .column('claimed_until')
          .execute()
      },
    },
  ],
  [
    '0012-notification-retention',
    {
      // The outbox's retention (notifications/prune-notifications.ts): finished deliveries are
      // found by status and last attempt, events left without deliveries by age, and the check
      // "no delivery of this event" (and PostgreSQL's cascade from events to deliveries) by
      // event id, so each batch reads the rows it deletes rather than the whole outbox.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createIndex('notification_deliveries_finished')
          .on('notification_deliveries')
          .columns(['status', 'last_attempt_at'])
          .execute()
        await db.schema
          .createIndex('notification_deliveries_event')
          .on('notification_deliveries')
          .column('event_id')
          .execute()
        await db.schema
          .createIndex('notification_events_created')
          .on('notification_events')
          .column('created_at')
          .execute()
      },
    },
  ],
  [
    '0013-usage-clients-retention',
    {
      // The usage retention (usage/usage-service.ts pruneTokenUsage) deletes clients unseen for 90
      // days in batches: each batch finds its rows by last_at rather than reading the whole table.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createIndex('token_usage_clients_last_at')
          .on('token_usage_clients')
          .column('last_at')
          .execute()
      },
    },
  ],
  [
    '0014-session-expiry',
    {
      // The hourly removal of expired sessions (sessions/session-service.ts pruneExpiredSessions)
      // finds them by either expiry, so each batch reads the sessions it deletes, not the table.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createIndex('sessions_idle_expires')
          .on('sessions')
          .column('idle_expires_at')
          .execute()
        await db.schema
          .createIndex('sessions_absolute_expires')
          .on('sessions')
          .column('absolute_expires_at')
          .execute()
      },
    },
  ],
  [
    '0015-leak-secret',
    {
      // Which secret of its token a leak was: the current one, or the previous one of a rotation
      // (under the rotate response retired at once, so the banner must not say it keeps working).
      // Leaks recorded before were taken as the current secret, which is what they read as.
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('token_leaks')
          .addColumn('secret', 'text', (c) => {
            const column = c.notNull().defaultTo('current')
            const collation = bytewise(db)
            return collation ? column.modifyFront(collation) : column
          })
          .execute()
      },
    },
  ],
  [
    '0016-email-delivery-list',
    {
      // The account's notification e-mails (notifications/email-delivery-service.ts), a keyset page
      // newest first: read from the account's own rows in page order, not the whole outbox sorted.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createIndex('notification_deliveries_account_email')
          .on('notification_deliveries')
          .columns(['account_id', 'channel', 'created_at', 'id'])
          .execute()
      },
    },
  ],
  [
    '0017-leak-ended-secrets',
    {
      // The previous secrets a leak response ended while they still worked (leaks/leak-ended-secrets.ts),
      // so that a later report holding one is recorded as that token's leak, not a false positive.
      // By SHA-256 like token_leaks, not by keyed digest: a master-key rotation cannot re-digest a
      // secret of which no sealed copy is kept. Deleted with the token.
      async up(db: Kysely<unknown>) {
        const text = isPostgres(db) ? sql`text collate "C"` : sql`text`
        await db.schema
          .createTable('leak_ended_secrets')
          .addColumn('token_hash', text, (c) => c.primaryKey())
          .addColumn('token_id', text, (c) => c.notNull().references('tokens.id').onDelete('cascade'))
          .execute()
        await db.schema
          .createIndex('leak_ended_secrets_token')
          .on('leak_ended_secrets')
          .column('token_id')
          .execute()
      },
    },
  ],
  [
    '0018-webhook-audit-origin',
    {
      // Webhook events written before kept the whole URL in their details, and incoming-webhook
      // URLs carry their secret in the path or query: each keeps only what auditedWebhookUrlOf
      // shows, as events written since do. In id order a batch at a time (the trail is long). A
      // run stopped half-way (SQLite migrates outside a transaction) is run again whole: an
      // origin already rewritten reads back as itself.
      async up(db: Kysely<unknown>) {
        const trail = db as unknown as Kysely<{
          audit_events: { id: string; action: string; details: string }
        }>
        let after = ''
        for (;;) {
          const rows = await trail
            .selectFrom('audit_events')
            .select(['id', 'details'])
            .where('action', 'in', ['webhook.create', 'webhook.update', 'webhook.delete'])
            .where('id', '>', after)
            .orderBy('id')
            .limit(500)
            .execute()
          for (const row of rows) {
            const details = JSON.parse(row.details) as Record<string, unknown>
            if (typeof details['url'] !== 'string') continue
            const url = auditedWebhookUrlOf(details['url'])
            if (url === details['url']) continue
            await trail
              .updateTable('audit_events')
              .set({ details: JSON.stringify({ ...details, url }) })
              .where('id', '=', row.id)
              .execute()
          }
          const last = rows.at(-1)
          if (last === undefined) return
          after = last.id
        }
      },
    },
  ],
  [
    '0019-scope-grant-times',
    {
      // When each scope was granted (usage/usage-service.ts, least privilege): a scope granted
      // within the 30 days looked at has not been unused for 30 days, so it is not proposed for
      // removal. Rows granted before this migration keep null here; 0020 gives them a time.
      // One statement, so a run stopped on SQLite (migrations run outside a transaction) is whole.
      async up(db: Kysely<unknown>) {
        const collation = bytewise(db)
        await db.schema
          .alterTable('token_scopes')
          .addColumn('granted_at', 'text', (c) => (collation ? c.modifyFront(collation) : c))
          .execute()
      },
    },
  ],
  [
    '0020-grant-times-of-older-scopes',
    {
      // A scope granted before 0019 has no known grant time. Its token's updated_at (any scope
      // change sets it) is a bound no grant is later than, taken once, now: read at each request
      // instead, it moved with every renewal, reset or rename, and such a scope was never proposed
      // for removal again. One statement on the rows still null, so a stopped run is whole.
      async up(db: Kysely<unknown>) {
        await sql`update token_scopes set granted_at = (select tokens.updated_at from tokens where tokens.id = token_scopes.token_id) where granted_at is null`.execute(
          db,
        )
      },
    },
  ],
  [
    '0021-delivery-attempts-before-resend',
    {
      // The attempts a delivery had made when it was last resent (notifications/delivery-log.ts),
      // so its retries back off from the first step again (10 s, not the 2 hours its old attempts
      // had reached) while `attempts` keeps counting every attempt for the delivery log. Rows
      // stored before start at 0: their backoff counts every attempt, as it did. One statement,
      // so a run stopped on SQLite (migrations run outside a transaction) is whole.
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('notification_deliveries')
          .addColumn('attempts_before_resend', 'integer', (c) => c.notNull().defaultTo(0))
          .execute()
      },
    },
  ],
  [
    '0022-key-rotations',
    {
      // A master-key rotation underway (key-rotation/rotation-marker.ts): written before its first
      // row is re-sealed and removed once every row is, so that no instance starts on a database
      // whose credentials are sealed under two keys (settleMasterKey refuses while a row stands).
      // One that ended with rows it could not open (exit code 3) keeps its row with their count,
      // and only the new key may start. One statement, so a stopped run on SQLite is whole.
      async up(db: Kysely<unknown>) {
        const text = isPostgres(db) ? sql`text collate "C"` : sql`text`
        await db.schema
          .createTable('key_rotations')
          .addColumn('to_key_id', text, (c) => c.primaryKey())
          .addColumn('started_at', text, (c) => c.notNull())
          .addColumn('unreadable', 'integer')
          .execute()
      },
    },
  ],
  [
    '0023-audit-event-tokens',
    {
      // An event about both legacy credentials at once (legacy.enable, legacy.upgrade,
      // legacy.reveal) has no one target token, so the trail filtered by either credential missed
      // it, though "who saw this secret" is what a leak investigation asks first. Such an event
      // now files each of its tokens here, and the token filter walks this index beside
      // audit_events_by_token, both in the list's (at, id) order (audit/audit-service.ts).
      // Events written before are filed under their account's legacy pair: an account only ever
      // has one (created by its legacy.enable, never deleted or replaced, a reset keeps the row),
      // so that pair is what each of them was about, as a reveal's details.tokenIds say too. Their
      // details stay as written. Rerunnable (if not exists, on conflict do nothing), so a run
      // stopped on SQLite (migrations run outside a transaction) is run again whole.
      async up(db: Kysely<unknown>) {
        const text = isPostgres(db) ? sql`text collate "C"` : sql`text`
        await db.schema
          .createTable('audit_event_tokens')
          .ifNotExists()
          .addColumn('event_id', text, (c) => c.notNull().references('audit_events.id').onDelete('cascade'))
          .addColumn('token_id', text, (c) => c.notNull())
          .addColumn('account_id', text, (c) => c.notNull())
          .addColumn('at', text, (c) => c.notNull())
          .addPrimaryKeyConstraint('audit_event_tokens_pk', ['event_id', 'token_id'])
          .execute()
        await db.schema
          .createIndex('audit_event_tokens_by_token')
          .ifNotExists()
          .on('audit_event_tokens')
          .columns(['account_id', 'token_id', 'at', 'event_id'])
          .execute()
        await sql`
          insert into audit_event_tokens (event_id, token_id, account_id, at)
          select e.id, t.id, e.account_id, e.at
          from audit_events e
          join tokens t on t.account_id = e.account_id and t.kind in ('legacy_read_write', 'legacy_read_only')
          where e.action in ('legacy.enable', 'legacy.upgrade', 'legacy.reveal') and e.token_id is null
          on conflict do nothing`.execute(db)
      },
    },
  ],
]
