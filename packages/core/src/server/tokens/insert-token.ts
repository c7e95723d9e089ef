import type { TokenKind, TokenState } from '../../tokens/token-schemas.js'
import { searchableName } from '../../tokens/token-text.js'
import type { Executor } from '../database/schema.js'
import type { IssuedSecret } from './issue-credential.js'

export interface NewTokenRow {
  id: string
  accountId: string
  kind: TokenKind
  sid: string
  secret: IssuedSecret
  name: string
  description: string
  apiVersion: string
  state: TokenState
  primaryContactUserId: string | null
  rateLimitPerHour: number
  scopes: readonly string[]
  developerEmails: readonly string[]
  createdAt: string
  /** Only seeded data starts out used; a token made by a user has never been used. */
  lastUsedAt?: string | null
  /** null or absent: never expires. */
  expiresAt?: string | null
}

/**
 * Rows per INSERT statement: 500 × 18 columns stays far below the bound parameters both dialects
 * allow (SQLite 32,766, PostgreSQL 65,535), as do 2,000 scope or e-mail rows of 2-3 columns.
 */
const TOKENS_PER_STATEMENT = 500
const CHILD_ROWS_PER_STATEMENT = 2_000

function chunksOf<T>(rows: readonly T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size))
  return chunks
}

/** Inserts a token with its scopes and developer e-mails (inside the caller's transaction). */
export async function insertToken(executor: Executor, token: NewTokenRow): Promise<void> {
  await insertTokens(executor, [token])
}

/** Inserts tokens with their scopes and developer e-mails in a few multi-row statements. */
export async function insertTokens(executor: Executor, tokens: readonly NewTokenRow[]): Promise<void> {
  for (const chunk of chunksOf(tokens, TOKENS_PER_STATEMENT)) {
    await executor
      .insertInto('tokens')
      .values(
        chunk.map((token) => ({
          id: token.id,
          account_id: token.accountId,
          kind: token.kind,
          sid: token.sid,
          name: token.name,
          name_search: searchableName(token.name),
          description: token.description,
          api_version: token.apiVersion,
          state: token.state,
          secret_digest: token.secret.secretDigest,
          sealed_secret: token.secret.sealedSecret,
          primary_contact_user_id: token.primaryContactUserId,
          rate_limit_per_hour: token.rateLimitPerHour,
          created_at: token.createdAt,
          updated_at: token.createdAt,
          reset_at: null,
          last_used_at: token.lastUsedAt ?? null,
          expires_at: token.expiresAt ?? null,
        })),
      )
      .execute()
    await insertScopeRows(executor, chunk)
    await insertDeveloperEmailRows(executor, chunk)
  }
}

/** Scope rows granted at each token's `createdAt`; a scope the token already holds keeps its time. */
async function insertScopeRows(
  executor: Executor,
  tokens: readonly Pick<NewTokenRow, 'id' | 'scopes' | 'createdAt'>[],
) {
  const scopes = tokens.flatMap((token) =>
    token.scopes.map((scope) => ({ token_id: token.id, scope, granted_at: token.createdAt })),
  )
  for (const rows of chunksOf(scopes, CHILD_ROWS_PER_STATEMENT)) {
    await executor
      .insertInto('token_scopes')
      .values(rows)
      .onConflict((oc) => oc.columns(['token_id', 'scope']).doNothing())
      .execute()
  }
}

async function insertDeveloperEmailRows(
  executor: Executor,
  tokens: readonly Pick<NewTokenRow, 'id' | 'developerEmails'>[],
) {
  const emails = tokens.flatMap((token) =>
    token.developerEmails.map((email, position) => ({ token_id: token.id, email, position })),
  )
  for (const rows of chunksOf(emails, CHILD_ROWS_PER_STATEMENT)) {
    await executor.insertInto('token_developer_emails').values(rows).execute()
  }
}

/**
 * The token's scopes become `scopes`: those it no longer holds are deleted, new ones are granted
 * at `at`, and those it keeps keep the time they were granted (least privilege counts from it).
 */
export async function replaceScopes(
  executor: Executor,
  tokenId: string,
  scopes: readonly string[],
  at: string,
): Promise<void> {
  await executor
    .deleteFrom('token_scopes')
    .where('token_id', '=', tokenId)
    .$if(scopes.length > 0, (query) => query.where('scope', 'not in', scopes))
    .execute()
  await insertScopeRows(executor, [{ id: tokenId, scopes, createdAt: at }])
}

export async function replaceDeveloperEmails(
  executor: Executor,
  tokenId: string,
  emails: readonly string[],
): Promise<void> {
  await executor.deleteFrom('token_developer_emails').where('token_id', '=', tokenId).execute()
  await insertDeveloperEmailRows(executor, [{ id: tokenId, developerEmails: emails }])
}
