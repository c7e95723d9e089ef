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
}

/** Inserts a token with its scopes and developer e-mails (inside the caller's transaction). */
export async function insertToken(executor: Executor, token: NewTokenRow): Promise<void> {
  await executor
    .insertInto('tokens')
    .values({
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
      last_used_at: null,
    })
    .execute()
  await replaceScopes(executor, token.id, token.scopes)
  await replaceDeveloperEmails(executor, token.id, token.developerEmails)
}

export async function replaceScopes(executor: Executor, tokenId: string, scopes: readonly string[]): Promise<void> {
  await executor.deleteFrom('token_scopes').where('token_id', '=', tokenId).execute()
  if (scopes.length > 0) {
    await executor
      .insertInto('token_scopes')
      .values(scopes.map((scope) => ({ token_id: tokenId, scope })))
      .execute()
  }
}

export async function replaceDeveloperEmails(executor: Executor, tokenId: string, emails: readonly string[]): Promise<void> {
  await executor.deleteFrom('token_developer_emails').where('token_id', '=', tokenId).execute()
  if (emails.length > 0) {
    await executor
      .insertInto('token_developer_emails')
      .values(emails.map((email, position) => ({ token_id: tokenId, email, position })))
      .execute()
  }
}
