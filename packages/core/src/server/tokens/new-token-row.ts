import { RATE_LIMIT_DEFAULT, type TokenKind, type TokenState } from '../../tokens/token-schemas.js'
import type { Keyring } from '../crypto/keyring.js'
import { generateId } from '../crypto/random-secrets.js'
import type { NewTokenRow } from './insert-token.js'
import { issueCredential } from './issue-credential.js'

/** What a new token is given; what is left out starts as a new scoped token does. */
export interface NewTokenFields {
  accountId: string
  name: string
  apiVersion: string
  primaryContactUserId: string | null
  createdAt: string
  /** Default: scoped. */
  kind?: TokenKind
  /** Default: none. */
  description?: string
  /** Default: enabled. */
  state?: TokenState
  /** Default: RATE_LIMIT_DEFAULT. */
  rateLimitPerHour?: number
  scopes?: readonly string[]
  developerEmails?: readonly string[]
  lastUsedAt?: string | null
  expiresAt?: string | null
}

export interface NewToken {
  row: NewTokenRow
  /** Shown once, to whoever made the token; only the digest and the sealed copy are stored. */
  credentials: { accountSid: string; authToken: string }
}

/**
 * A new token's row with a fresh id, SID and secret, ready for insertToken. Every place that makes
 * a token (create, duplicate, legacy enable, demo data) starts here, so a new column gets its
 * default once.
 */
export function newTokenRow(keyring: Keyring, fields: NewTokenFields): NewToken {
  const id = generateId('tok')
  const credential = issueCredential(keyring, id)
  return {
    row: {
      id,
      accountId: fields.accountId,
      kind: fields.kind ?? 'scoped',
      sid: credential.sid,
      secret: credential,
      name: fields.name,
      description: fields.description ?? '',
      apiVersion: fields.apiVersion,
      state: fields.state ?? 'enabled',
      primaryContactUserId: fields.primaryContactUserId,
      rateLimitPerHour: fields.rateLimitPerHour ?? RATE_LIMIT_DEFAULT,
      scopes: fields.scopes ?? [],
      developerEmails: fields.developerEmails ?? [],
      createdAt: fields.createdAt,
      lastUsedAt: fields.lastUsedAt ?? null,
      expiresAt: fields.expiresAt ?? null,
    },
    credentials: { accountSid: credential.sid, authToken: credential.authToken },
  }
}
