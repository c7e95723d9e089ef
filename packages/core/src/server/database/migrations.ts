import type { Kysely, Migration } from 'kysely'

/**
 * The schema's history, oldest first. A migration is frozen once released: change the schema by
 * appending a new one, never by editing an old one. Only portable column types (text, integer)
 * so the same list runs on SQLite and PostgreSQL.
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
        await db.schema.createIndex('audit_events_list').on('audit_events').columns(['account_id', 'at', 'id']).execute()
      },
    },
  ],
]
