import { randomBytes } from 'node:crypto'
import type { TestProject } from 'vitest/node'
import { startThrowawayPostgres } from '../../../scripts/throwaway-postgres.mjs'
import { openDatabase } from '../database/open-database.js'
import { runMigrations } from '../database/run-migrations.js'
import { databaseUrlOf, withAdminClient } from './test-postgres.js'

/**
 * Global setup of the postgres project: starts (or reuses, with DATABASE_URL) a PostgreSQL server
 * and prepares a migrated template database that every test clones. The template uses an ICU
 * language collation where the server has one, like most production databases, so tests prove
 * that orderings do not depend on the database's collation. Without a server the reason is
 * printed and every test of this project is skipped (see postgres-test-setup.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startThrowawayPostgres()
  if ('skipped' in server) {
    console.warn(`\n[postgres] ${server.skipped}\n`)
    project.provide('tokensPostgres', { skipped: server.skipped })
    return async () => {}
  }
  const template = `tokens_template_${randomBytes(4).toString('hex')}`
  try {
    await withAdminClient(server.url, async (client) => {
      try {
        await client.query(
          `create database "${template}" template template0 encoding 'UTF8' locale_provider icu icu_locale 'en-US'`,
        )
      } catch {
        await client.query(`create database "${template}" template template0 encoding 'UTF8'`)
      }
    })
    const { db } = await openDatabase({ dataDir: '', databaseUrl: databaseUrlOf(server.url, template) })
    try {
      await runMigrations(db)
    } finally {
      await db.destroy()
    }
  } catch (error) {
    await server.stop()
    throw error
  }
  console.info(`\n[postgres] tests run on ${new URL(server.url).host}, each in a clone of ${template}\n`)
  project.provide('tokensPostgres', { serverUrl: server.url, template })
  return async () => {
    try {
      await withAdminClient(server.url, (client) =>
        client.query(`drop database if exists "${template}" with (force)`),
      )
    } finally {
      await server.stop()
    }
  }
}
