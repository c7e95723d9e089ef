import { z } from 'zod'
import { ApiVersion } from '../accounts/account-kinds.js'
import { Scope } from '../scopes/scope.js'
import { TokenDescription, TokenName } from './token-text.js'
import { ExpiresAt, RotationView } from '../lifecycle/lifecycle-schemas.js'
import { LeakView } from '../leaks/leak-schemas.js'
import { TOKEN_STATES } from './token-states.js'

export const TOKEN_KINDS = ['legacy_read_write', 'legacy_read_only', 'scoped'] as const
export const TokenKind = z.enum(TOKEN_KINDS)
export type TokenKind = z.infer<typeof TokenKind>

export { STORED_TOKEN_STATES, TOKEN_STATES } from './token-states.js'
export const TokenState = z.enum(TOKEN_STATES)
export type TokenState = z.infer<typeof TokenState>

export const RATE_LIMIT_DEFAULT = 1_000
export const RateLimitPerHour = z.number().int().min(1).max(10_000_000)

export const MAX_DEVELOPER_EMAILS = 20
export const DeveloperEmails = z
  .array(z.email().max(254))
  .max(MAX_DEVELOPER_EMAILS)
  .transform((emails) => [...new Set(emails.map((email) => email.toLowerCase()))])

export const EntityId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/)
export type EntityId = z.infer<typeof EntityId>

export const Scopes = z.array(Scope).min(1, { error: 'scopesRequired' }).max(1_000)

/** POST /api/tokens and POST /platform/Tokens. Unknown fields are refused (no mass assignment). */
export const CreateTokenInput = z.strictObject({
  name: TokenName,
  description: TokenDescription.optional(),
  apiVersion: ApiVersion.optional(),
  primaryContactUserId: EntityId,
  developerEmails: DeveloperEmails.optional(),
  scopes: Scopes,
  rateLimitPerHour: RateLimitPerHour.optional(),
  /** null or absent: never expires (unless the account's policy requires an expiry). */
  expiresAt: ExpiresAt.optional(),
})
export type CreateTokenInput = z.input<typeof CreateTokenInput>
export type CreateTokenCommand = z.output<typeof CreateTokenInput>

/** PATCH /api/tokens/:id and PUT /platform/Tokens/{Id}: every field optional, none unknown. */
export const UpdateTokenInput = z.strictObject({
  name: TokenName.optional(),
  description: TokenDescription.optional(),
  apiVersion: ApiVersion.optional(),
  primaryContactUserId: EntityId.optional(),
  developerEmails: DeveloperEmails.optional(),
  scopes: Scopes.optional(),
  rateLimitPerHour: RateLimitPerHour.optional(),
})
export type UpdateTokenInput = z.input<typeof UpdateTokenInput>
export type UpdateTokenCommand = z.output<typeof UpdateTokenInput>

export const UpgradeInput = z.strictObject({ apiVersion: ApiVersion.optional() })
export type UpgradeInput = z.infer<typeof UpgradeInput>

/**
 * Duplicate's choices: the copy's state (without it, the source's) and its expiry (without it,
 * the source's while still in the future, else none). A given `expiresAt` is checked against the
 * account's policy exactly as on create.
 */
export const DuplicateInput = z.strictObject({
  enabled: z.boolean().optional(),
  expiresAt: ExpiresAt.optional(),
})
export type DuplicateInput = z.input<typeof DuplicateInput>

/** A token as every API answers it. Never holds the auth token. */
export const TokenView = z.object({
  id: z.string(),
  kind: TokenKind,
  name: z.string(),
  description: z.string(),
  accountSid: z.string(),
  apiVersion: z.string(),
  state: TokenState,
  scopes: z.array(z.string()),
  primaryContactUserId: z.string().nullable(),
  developerEmails: z.array(z.string()),
  rateLimitPerHour: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  /** null: never expires. Once passed, `state` is `expired` and the credential no longer verifies. */
  expiresAt: z.iso.datetime().nullable(),
  /**
   * Switched off by Disable (a user, the leak response, the unused-token policy), whatever the
   * expiry: `state` reads `expired` over it once the expiry passes, and a renewal alone leaves the
   * token refused until it is enabled.
   */
  disabled: z.boolean(),
  /** A rotation in progress: the previous auth token still verifies until it ends. */
  rotation: RotationView.nullable(),
  /** The latest reported leak not yet marked as handled (secret scanning, issue 16). */
  leak: LeakView.nullable(),
})
export type TokenView = z.infer<typeof TokenView>

export const Credentials = z.object({ accountSid: z.string(), authToken: z.string() })
export type Credentials = z.infer<typeof Credentials>

export const TokenWithCredentials = z.object({ token: TokenView, credentials: Credentials })
export type TokenWithCredentials = z.infer<typeof TokenWithCredentials>

export const TokenEnvelope = z.object({ token: TokenView })
export type TokenEnvelope = z.infer<typeof TokenEnvelope>
