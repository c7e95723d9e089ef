import { z } from '@hono/zod-openapi'
import {
  actorIdOf,
  isLatestApiVersion,
  type AccountView,
  type AuditEventView,
  type Credentials,
  type TokenUsage,
  type TokenView,
} from '@tokens/core'
import type { VerifiedCredential } from '@tokens/core/server'
import {
  Account,
  AuditEventList,
  TokenEnvelopeSchema,
  TokenList,
  TokenWithCredentialsSchema,
} from '../docs/component-schemas.js'
import { TokenUsageSchema } from '../usage/usage-schemas.js'
import { ClassicTokenUsage, classicTokenUsage } from './classic-usage.js'

/**
 * The platform API answers in the shape of the caller's API version. The latest version of each
 * account kind answers the console's own JSON (camelCase, envelopes); every older version answers
 * the classic shape: PascalCase fields, a bare object, capitalised states, `Date…` timestamps, and
 * the credential flattened into the token.
 */
export function speaksLatest(credential: VerifiedCredential): boolean {
  return isLatestApiVersion(credential.accountKind, credential.apiVersion)
}

export const ClassicToken = z
  .object({
    Id: z.string(),
    Name: z.string(),
    Description: z.string(),
    AccountSid: z.string(),
    ApiVersion: z.string(),
    State: z.enum(['Enabled', 'Disabled']),
    Scopes: z.array(z.string()),
    PrimaryContactUserId: z.string().nullable(),
    DeveloperEmails: z.array(z.string()),
    RateLimitPerHour: z.number().int(),
    DateCreated: z.iso.datetime(),
    DateUpdated: z.iso.datetime(),
    DateLastUsed: z.iso.datetime().nullable(),
    /**
     * Added with expiry (issue 15); an expired token reads `Disabled` in this shape, as it cannot
     * authenticate. The latest shape's `disabled` (switched off whatever the expiry) is not added:
     * older versions keep their fields, and `State` already says a token cannot authenticate.
     */
    DateExpires: z.iso.datetime().nullable(),
  })
  .openapi('ClassicToken', { description: 'A token in the classic shape of older API versions.' })
type ClassicToken = z.infer<typeof ClassicToken>

export const ClassicTokenWithCredential = ClassicToken.extend({ AuthToken: z.string() }).openapi(
  'ClassicTokenWithAuthToken',
  {
    description:
      'A token with its new auth token, classic shape (create and reset only; Cache-Control: no-store).',
  },
)
export const ClassicTokenList = z
  .object({ Tokens: z.array(ClassicToken), NextCursor: z.string().nullable() })
  .openapi('ClassicTokenList')
export const ClassicAccount = z
  .object({
    Id: z.string(),
    Name: z.string(),
    Type: z.enum(['Brand', 'Agency', 'Partner']),
    DateLegacyTokensEnabled: z.iso.datetime().nullable(),
  })
  .openapi('ClassicAccount')
const ClassicAuditEvent = z
  .object({
    Id: z.string(),
    Action: z.string(),
    ActorType: z.enum(['User', 'Token', 'System']),
    ActorId: z.string().nullable(),
    TokenId: z.string().nullable(),
    Date: z.iso.datetime(),
    IpAddress: z.string().nullable(),
  })
  .openapi('ClassicAuditEvent')
export const ClassicAuditEventList = z
  .object({ AuditEvents: z.array(ClassicAuditEvent), NextCursor: z.string().nullable() })
  .openapi('ClassicAuditEventList')

function classicToken(token: TokenView): ClassicToken {
  return {
    Id: token.id,
    Name: token.name,
    Description: token.description,
    AccountSid: token.accountSid,
    ApiVersion: token.apiVersion,
    State: token.state === 'enabled' ? 'Enabled' : 'Disabled',
    Scopes: token.scopes,
    PrimaryContactUserId: token.primaryContactUserId,
    DeveloperEmails: token.developerEmails,
    RateLimitPerHour: token.rateLimitPerHour,
    DateCreated: token.createdAt,
    DateUpdated: token.updatedAt,
    DateLastUsed: token.lastUsedAt,
    DateExpires: token.expiresAt,
  }
}

const CLASSIC_KIND = { brand: 'Brand', agency: 'Agency', partner: 'Partner' } as const
const CLASSIC_ACTOR = { user: 'User', token: 'Token', system: 'System' } as const

/** One answer per shape, so every route documents and returns both. */
export const versionedShapes = {
  token: {
    latest: (token: TokenView) => ({ token }),
    classic: classicToken,
  },
  tokenWithCredentials: {
    latest: (result: { token: TokenView; credentials: Credentials }) => result,
    classic: (result: { token: TokenView; credentials: Credentials }) => ({
      ...classicToken(result.token),
      AuthToken: result.credentials.authToken,
    }),
  },
  tokenList: {
    latest: (page: { items: TokenView[]; nextCursor: string | null }) => page,
    classic: (page: { items: TokenView[]; nextCursor: string | null }) => ({
      Tokens: page.items.map(classicToken),
      NextCursor: page.nextCursor,
    }),
  },
  account: {
    latest: (account: AccountView) => account,
    classic: (account: AccountView) => ({
      Id: account.id,
      Name: account.name,
      Type: CLASSIC_KIND[account.kind],
      DateLegacyTokensEnabled: account.legacyEnabledAt,
    }),
  },
  auditEvents: {
    latest: (page: { items: AuditEventView[]; nextCursor: string | null }) => page,
    classic: (page: { items: AuditEventView[]; nextCursor: string | null }) => ({
      AuditEvents: page.items.map((event) => ({
        Id: event.id,
        Action: event.action,
        ActorType: CLASSIC_ACTOR[event.actor.type],
        ActorId: actorIdOf(event.actor),
        TokenId: event.tokenId,
        Date: event.at,
        IpAddress: event.ip,
      })),
      NextCursor: page.nextCursor,
    }),
  },
  tokenUsage: {
    latest: (usage: TokenUsage) => usage,
    classic: classicTokenUsage,
  },
}

const VERSIONS_NOTE =
  'The shape depends on the API version of the calling token: the latest version of the account kind (brand v14, partner v16, agency v3) answers the first form (camelCase, as the admin API); older versions answer the classic form (PascalCase fields, capitalised states and account types, `Date…` timestamps, bare objects, the new auth token flattened into the token).'

/** The two documented forms of each platform answer. */
export const versionedSchemas = {
  token: z.union([TokenEnvelopeSchema, ClassicToken]).openapi({ description: VERSIONS_NOTE }),
  tokenWithCredentials: z
    .union([TokenWithCredentialsSchema, ClassicTokenWithCredential])
    .openapi({ description: VERSIONS_NOTE }),
  tokenList: z.union([TokenList, ClassicTokenList]).openapi({ description: VERSIONS_NOTE }),
  account: z.union([Account, ClassicAccount]).openapi({ description: VERSIONS_NOTE }),
  auditEvents: z.union([AuditEventList, ClassicAuditEventList]).openapi({ description: VERSIONS_NOTE }),
  tokenUsage: z.union([TokenUsageSchema, ClassicTokenUsage]).openapi({ description: VERSIONS_NOTE }),
}

export { VERSIONS_NOTE }
