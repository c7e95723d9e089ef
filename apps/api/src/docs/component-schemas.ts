import { z } from '@hono/zod-openapi'
import {
  AccountView,
  AuditEventView,
  CreateTokenInput,
  DuplicateInput,
  Credentials,
  EntityId,
  KeysetPage,
  LegacyCredentials,
  LegacyTokensView,
  ScopeCatalog,
  LoginInput,
  SessionView,
  TokenView,
  UpdatePreferencesInput,
  UpdateTokenInput,
  UpgradeInput,
  UserSummary,
  VerifyInput,
  VerifyResult,
} from '@tokens/core'

/**
 * zod copies methods onto each schema when it is built, and the core's schemas may be built before
 * @hono/zod-openapi adds `.openapi()` (whichever module imports the core first). A clone made here,
 * after that import, has the method and keeps every check and transform of the original.
 */
export function documented<S extends z.ZodType>(schema: S): S {
  return schema.clone() as S
}

/** The core's schemas under the names the OpenAPI document shows; the shapes stay the core's. */
export const Token = documented(TokenView).openapi('Token', {
  description:
    'A token as every API answers it. Never holds the auth token. `state` is `expired` once `expiresAt` has passed, whatever else holds; `disabled` tells whether the token is switched off (Disable, the leak response, the unused-token policy) whatever its expiry, so an expired token with `disabled: true` stays refused after a renewal until it is enabled.',
})
export const CredentialsSchema = documented(Credentials).openapi('Credentials', {
  description: 'Account SID (user name) and Auth Token (password) of one credential.',
})
export const TokenEnvelopeSchema = z.object({ token: Token }).openapi('TokenEnvelope')
export const TokenWithCredentialsSchema = z
  .object({ token: Token, credentials: CredentialsSchema })
  .openapi('TokenWithCredentials', {
    description:
      'A token with its credentials: only create, duplicate and reset answer this (Cache-Control: no-store).',
  })
export const TokenList = KeysetPage(Token).openapi('TokenList')
export const CreateTokenBody = documented(CreateTokenInput).openapi('CreateTokenInput', {
  description: 'Unknown fields are refused. `apiVersion` defaults to the latest version of the account kind.',
  example: {
    name: 'Nightly reporting',
    primaryContactUserId: 'USER_ID',
    scopes: ['GET /Account', 'GET /Tokens'],
    rateLimitPerHour: 1000,
  },
})
export const UpdateTokenBody = documented(UpdateTokenInput).openapi('UpdateTokenInput', {
  description: 'Every field optional, none unknown. `apiVersion` may only move to a newer version.',
  example: { name: 'Nightly reporting (EU)', rateLimitPerHour: 2000 },
})
export const DuplicateBody = documented(DuplicateInput).openapi('DuplicateInput', {
  description:
    "`enabled`: the copy's state; without it (or without a body), the copy keeps the source's state, so a copy of a disabled token stays disabled. `expiresAt`: the copy's expiry (null: never), checked against the account's policy as on create; without it, the copy keeps the source's expiry while that is still in the future.",
})
export const UpgradeBody = documented(UpgradeInput).openapi('UpgradeInput', {
  description: 'The target version; without it, the latest version of the account kind.',
})
export const Catalog = documented(ScopeCatalog).openapi('ScopeCatalog')
export const UserList = z
  .object({ items: z.array(documented(UserSummary).openapi('UserSummary')), nextCursor: z.null() })
  .openapi('UserList')
export const Legacy = documented(LegacyTokensView).openapi('LegacyTokens')
export const LegacyCredentialsSchema = documented(LegacyCredentials).openapi('LegacyCredentials')
export const LegacyReset = z
  .object({ legacy: Legacy, credentials: CredentialsSchema })
  .openapi('LegacyReset', {
    description: 'The legacy tokens and the new credential of the one that was reset.',
  })
export const AuditEvent = documented(AuditEventView).openapi('AuditEvent')
export const AuditEventList = KeysetPage(AuditEvent).openapi('AuditEventList')
export const Account = documented(AccountView).openapi('Account')

export const Session = documented(SessionView).openapi('Session')
export const LoginBody = documented(LoginInput).openapi('LoginInput')
export const PreferencesBody = documented(UpdatePreferencesInput).openapi('UpdatePreferencesInput')
export const VerifyBody = documented(VerifyInput).openapi('VerifyInput', {
  example: { accountSid: 'ACCOUNT_SID', authToken: 'AUTH_TOKEN', method: 'GET', path: '/Account' },
})
export const VerifyAnswer = documented(VerifyResult).openapi('VerifyResult')

/** Path parameters holding entity ids, under the names the route's path uses. */
export function idParams<const N extends string>(...names: N[]) {
  return z.object(
    Object.fromEntries(
      names.map((name) => [
        name,
        documented(EntityId).openapi({ param: { name, in: 'path' }, example: 'tok_3kTqM2x9' }),
      ]),
    ) as Record<N, typeof EntityId>,
  )
}

export function jsonContent<T>(schema: T) {
  return { 'application/json': { schema } }
}

/** A JSON request body of `schema`, required unless said otherwise. */
export function jsonBody<T, const R extends boolean = true>(schema: T, options?: { required: R }) {
  return { required: (options?.required ?? true) as R, content: jsonContent(schema) }
}

/** A route's one successful answer: `status` with a JSON body of `schema`, as `description` says. */
export function jsonAnswer<const S extends number, T>(status: S, description: string, schema: T) {
  return { [status]: { description, content: jsonContent(schema) } } as Record<
    S,
    { description: string; content: ReturnType<typeof jsonContent<T>> }
  >
}
