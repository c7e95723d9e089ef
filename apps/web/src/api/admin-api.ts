import type {
  AccountPolicy,
  AccountUsage,
  AuditEventView,
  AuditFilter,
  CreateTokenInput,
  CreateWebhookInput,
  CreatedWebhook,
  DeliveryView,
  EmailDeliveryPage,
  EmailDeliveryView,
  CredentialCheckInput,
  CredentialCheckResult,
  Credentials,
  DuplicateInput,
  LegacyAccess,
  LegacyCredentials,
  LegacyTokensView,
  LegacyUpgradePreview,
  LoginInput,
  PolicyEnvelope,
  RenewTokenInput,
  RotateTokenInput,
  ScopeCatalog,
  SessionView,
  TokenEnvelope,
  TokenFilter,
  KeysetPage,
  TokenUsage,
  TokenView,
  TokenWithCredentials,
  UnusedTokensPreview,
  UpdatePolicyInput,
  UpdatePreferencesInput,
  UpdateTokenInput,
  UpdateWebhookInput,
  UpgradeInput,
  UpgradePreview,
  UsageRange,
  UserSummary,
  WebhookView,
} from '@tokens/core'
import type { z } from 'zod'
import { isApiError } from './api-error'
import type { HttpClient } from './http-client'

// Answer types come from the core's schemas; the answers themselves are not parsed here: the API is
// typed by the same schemas and serves this SPA, and parsing would put zod in every initial load.
type ListOf<T extends z.ZodType> = z.infer<ReturnType<typeof KeysetPage<T>>>
export type TokenList = ListOf<typeof TokenView>
export type AuditEventList = ListOf<typeof AuditEventView>
export interface UserList {
  items: UserSummary[]
}
/** GET /api/audit-events query as the SPA sends it (the API parses it with the core's AuditQuery). */
export type AuditListQuery = { [K in keyof AuditFilter]?: AuditFilter[K] | undefined }
/** GET /api/tokens query as the SPA sends it (the API parses it with the core's TokenFilter). */
export type TokenListQuery = { [K in keyof TokenFilter]?: TokenFilter[K] | undefined }

export interface LegacyResetResult {
  legacy: LegacyTokensView
  credentials: Credentials
}

const LEGACY_RESET_PATH: Record<LegacyAccess, string> = {
  read_write: '/api/legacy-tokens/read-write/reset',
  read_only: '/api/legacy-tokens/read-only/reset',
}

const LEGACY_LEAK_HANDLED_PATH: Record<LegacyAccess, string> = {
  read_write: '/api/legacy-tokens/read-write/leak/handled',
  read_only: '/api/legacy-tokens/read-only/leak/handled',
}

const LEGACY_USAGE_PATH: Record<LegacyAccess, string> = {
  read_write: '/api/legacy-tokens/read-write/usage',
  read_only: '/api/legacy-tokens/read-only/usage',
}

/** The address of the whole filtered trail as a CSV file: a plain link downloads it with the session cookie. */
export function auditCsvHref(filter: AuditListQuery): string {
  const params = new URLSearchParams({ format: 'csv' })
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '' && key !== 'cursor' && key !== 'limit')
      params.set(key, String(value))
  }
  return `/api/audit-events?${params.toString()}`
}

/** GET /api/webhooks: the webhooks, and whether the server sends e-mail at all. */
export interface WebhookList {
  items: WebhookView[]
  emailConfigured: boolean
}

function webhookPath(id: string, rest = ''): string {
  return `/api/webhooks/${encodeURIComponent(id)}${rest}`
}

function tokenPath(id: string, action?: string): string {
  const base = `/api/tokens/${encodeURIComponent(id)}`
  return action ? `${base}/${action}` : base
}

/** One function per route of the admin HTTP contract (docs/ARCHITECTURE.md); the only caller of the HTTP client. */
export function createAdminApi(http: HttpClient) {
  return {
    setCsrfToken: (token: string | null) => http.setCsrfToken(token),
    onSessionLost: (listener: () => void) => http.onSessionLost(listener),

    session: {
      /** The current session, or null when nobody is signed in. */
      async get(): Promise<SessionView | null> {
        try {
          return await http.json<SessionView>('GET', '/api/session')
        } catch (error) {
          if (isApiError(error) && error.status === 401) return null
          throw error
        }
      },
      login: (input: LoginInput) => http.json<SessionView>('POST', '/api/session', { body: input }),
      logout: () => http.send('DELETE', '/api/session'),
      updatePreferences: (input: UpdatePreferencesInput) =>
        http.send('PATCH', '/api/session', { body: input }),
    },

    catalog: (apiVersion?: string, signal?: AbortSignal) =>
      http.json<ScopeCatalog>('GET', '/api/catalog', {
        query: { apiVersion },
        ...(signal ? { signal } : {}),
      }),

    users: {
      list: async () => (await http.json<UserList>('GET', '/api/users')).items,
    },

    tokens: {
      list: (filter: TokenListQuery, signal?: AbortSignal) =>
        http.json<TokenList>('GET', '/api/tokens', {
          query: {
            name: filter.name,
            created: filter.created,
            state: filter.state,
            cursor: filter.cursor,
            limit: filter.limit,
          },
          ...(signal ? { signal } : {}),
        }),
      get: async (id: string) => (await http.json<TokenEnvelope>('GET', tokenPath(id))).token,
      create: (input: CreateTokenInput) =>
        http.json<TokenWithCredentials>('POST', '/api/tokens', { body: input }),
      update: async (id: string, input: UpdateTokenInput) =>
        (await http.json<TokenEnvelope>('PATCH', tokenPath(id), { body: input })).token,
      remove: (id: string) => http.send('DELETE', tokenPath(id)),
      reveal: (id: string) => http.json<Credentials>('GET', tokenPath(id, 'credentials')),
      duplicate: (id: string, input: DuplicateInput = {}) =>
        http.json<TokenWithCredentials>('POST', tokenPath(id, 'duplicate'), { body: input }),
      reset: (id: string) => http.json<TokenWithCredentials>('POST', tokenPath(id, 'reset')),
      disable: async (id: string) => (await http.json<TokenEnvelope>('POST', tokenPath(id, 'disable'))).token,
      enable: async (id: string) => (await http.json<TokenEnvelope>('POST', tokenPath(id, 'enable'))).token,
      upgrade: async (id: string, input: UpgradeInput) =>
        (await http.json<TokenEnvelope>('POST', tokenPath(id, 'upgrade'), { body: input })).token,
      renew: async (id: string, input: RenewTokenInput) =>
        (await http.json<TokenEnvelope>('POST', tokenPath(id, 'renew'), { body: input })).token,
      rotate: (id: string, input: RotateTokenInput) =>
        http.json<TokenWithCredentials>('POST', tokenPath(id, 'rotate'), { body: input }),
      completeRotation: async (id: string) =>
        (await http.json<TokenEnvelope>('POST', tokenPath(id, 'rotation/complete'))).token,
      markLeakHandled: async (id: string) =>
        (await http.json<TokenEnvelope>('POST', tokenPath(id, 'leak/handled'))).token,
    },

    /** Whose auth token a pasted string is; the string goes in the body only, never the address. */
    checkCredential: (input: CredentialCheckInput) =>
      http.json<CredentialCheckResult>('POST', '/api/credential-check', { body: input }),

    policies: {
      get: async (): Promise<AccountPolicy> =>
        (await http.json<PolicyEnvelope>('GET', '/api/policies')).policy,
      update: async (input: UpdatePolicyInput): Promise<AccountPolicy> =>
        (await http.json<PolicyEnvelope>('PUT', '/api/policies', { body: input })).policy,
      /** The tokens the unused-token policy would disable now for `days` (the saved days when omitted). */
      previewUnused: (days?: number) =>
        http.json<UnusedTokensPreview>('GET', '/api/policies/unused-preview', { query: { days } }),
    },

    webhooks: {
      list: () => http.json<WebhookList>('GET', '/api/webhooks'),
      create: (input: CreateWebhookInput) =>
        http.json<CreatedWebhook>('POST', '/api/webhooks', { body: input }),
      update: async (id: string, input: UpdateWebhookInput) =>
        (await http.json<{ webhook: WebhookView }>('PATCH', webhookPath(id), { body: input })).webhook,
      remove: (id: string) => http.send('DELETE', webhookPath(id)),
      deliveries: async (id: string) =>
        (await http.json<{ items: DeliveryView[] }>('GET', webhookPath(id, '/deliveries'))).items,
      resend: async (id: string, deliveryId: string) =>
        (
          await http.json<{ delivery: DeliveryView }>(
            'POST',
            webhookPath(id, `/deliveries/${encodeURIComponent(deliveryId)}/resend`),
          )
        ).delivery,
    },

    /** The account's notification e-mails, newest first, a keyset page at a time. */
    emailDeliveries: {
      list: (cursor: string | undefined, signal?: AbortSignal) =>
        http.json<EmailDeliveryPage>('GET', '/api/notifications/emails', {
          query: { cursor },
          ...(signal ? { signal } : {}),
        }),
      resend: async (deliveryId: string) =>
        (
          await http.json<{ delivery: EmailDeliveryView }>(
            'POST',
            `/api/notifications/emails/${encodeURIComponent(deliveryId)}/resend`,
          )
        ).delivery,
    },

    legacy: {
      get: () => http.json<LegacyTokensView>('GET', '/api/legacy-tokens'),
      enable: () => http.json<LegacyTokensView>('POST', '/api/legacy-tokens/enable'),
      reset: (access: LegacyAccess) => http.json<LegacyResetResult>('POST', LEGACY_RESET_PATH[access]),
      upgrade: (input: UpgradeInput) =>
        http.json<LegacyTokensView>('POST', '/api/legacy-tokens/upgrade', { body: input }),
      reveal: () => http.json<LegacyCredentials>('GET', '/api/legacy-tokens/credentials'),
      markLeakHandled: (access: LegacyAccess) =>
        http.json<LegacyTokensView>('POST', LEGACY_LEAK_HANDLED_PATH[access]),
    },

    usage: {
      token: (id: string, range: UsageRange, signal?: AbortSignal) =>
        http.json<TokenUsage>('GET', tokenPath(id, 'usage'), {
          query: { range },
          ...(signal ? { signal } : {}),
        }),
      legacy: (access: LegacyAccess, range: UsageRange, signal?: AbortSignal) =>
        http.json<TokenUsage>('GET', LEGACY_USAGE_PATH[access], {
          query: { range },
          ...(signal ? { signal } : {}),
        }),
      account: (range: UsageRange) => http.json<AccountUsage>('GET', '/api/usage', { query: { range } }),
      upgradePreview: (id: string, apiVersion: string) =>
        http.json<UpgradePreview>('GET', tokenPath(id, 'upgrade-preview'), { query: { apiVersion } }),
      legacyUpgradePreview: (apiVersion: string) =>
        http.json<LegacyUpgradePreview>('GET', '/api/legacy-tokens/upgrade-preview', {
          query: { apiVersion },
        }),
    },

    auditEvents: {
      list: (filter: AuditListQuery, signal?: AbortSignal) =>
        http.json<AuditEventList>('GET', '/api/audit-events', {
          query: { ...filter },
          ...(signal ? { signal } : {}),
        }),
      csvHref: auditCsvHref,
    },
  }
}

export type AdminApi = ReturnType<typeof createAdminApi>
