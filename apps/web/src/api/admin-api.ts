import {
  AuditEventView,
  Credentials,
  LegacyCredentials,
  LegacyTokensView,
  ScopeCatalog,
  SessionView,
  TokenEnvelope,
  TokenPage,
  TokenView,
  TokenWithCredentials,
  UserSummary,
  type AuditFilterInput,
  type CreateTokenInput,
  type LegacyAccess,
  type LoginInput,
  type TokenFilter,
  type UpdatePreferencesInput,
  type UpdateTokenInput,
  type UpgradeInput,
} from '@tokens/core'
import { z } from 'zod'
import { isApiError } from './api-error'
import type { HttpClient } from './http-client'

/** Response shapes of the admin API, composed from the core's schemas only. */
export const TokenList = TokenPage(TokenView)
export type TokenList = z.infer<typeof TokenList>
export const AuditEventList = TokenPage(AuditEventView)
export type AuditEventList = z.infer<typeof AuditEventList>
export const UserList = z.object({ items: z.array(UserSummary) })
export type UserList = z.infer<typeof UserList>
/** GET /api/tokens query as the SPA sends it (the API parses it with the core's TokenFilter). */
export type TokenListQuery = { [K in keyof TokenFilter]?: TokenFilter[K] | undefined }

export const LegacyResetResult = z.object({ legacy: LegacyTokensView, credentials: Credentials })
export type LegacyResetResult = z.infer<typeof LegacyResetResult>

const LEGACY_RESET_PATH: Record<LegacyAccess, string> = {
  read_write: '/api/legacy-tokens/read-write/reset',
  read_only: '/api/legacy-tokens/read-only/reset',
}

function tokenPath(id: string, action?: string): string {
  const base = `/api/tokens/${encodeURIComponent(id)}`
  return action ? `${base}/${action}` : base
}

/** One function per route of the admin HTTP contract (DESIGN.md); the only caller of the HTTP client. */
export function createAdminApi(http: HttpClient) {
  return {
    setCsrfToken: (token: string | null) => http.setCsrfToken(token),
    onSessionLost: (listener: () => void) => http.onSessionLost(listener),

    session: {
      /** The current session, or null when nobody is signed in. */
      async get(): Promise<SessionView | null> {
        try {
          return await http.json('GET', '/api/session', SessionView)
        } catch (error) {
          if (isApiError(error) && error.status === 401) return null
          throw error
        }
      },
      login: (input: LoginInput) => http.json('POST', '/api/session', SessionView, { body: input }),
      logout: () => http.send('DELETE', '/api/session'),
      updatePreferences: (input: UpdatePreferencesInput) => http.send('PATCH', '/api/session', { body: input }),
    },

    catalog: (apiVersion?: string, signal?: AbortSignal) =>
      http.json('GET', '/api/catalog', ScopeCatalog, { query: { apiVersion }, ...(signal ? { signal } : {}) }),

    users: {
      list: async () => (await http.json('GET', '/api/users', UserList)).items,
    },

    tokens: {
      list: (filter: TokenListQuery, signal?: AbortSignal) =>
        http.json('GET', '/api/tokens', TokenList, {
          query: {
            name: filter.name,
            created: filter.created,
            state: filter.state,
            cursor: filter.cursor,
            limit: filter.limit,
          },
          ...(signal ? { signal } : {}),
        }),
      get: async (id: string) => (await http.json('GET', tokenPath(id), TokenEnvelope)).token,
      create: (input: CreateTokenInput) => http.json('POST', '/api/tokens', TokenWithCredentials, { body: input }),
      update: async (id: string, input: UpdateTokenInput) =>
        (await http.json('PATCH', tokenPath(id), TokenEnvelope, { body: input })).token,
      remove: (id: string) => http.send('DELETE', tokenPath(id)),
      reveal: (id: string) => http.json('GET', tokenPath(id, 'credentials'), Credentials),
      duplicate: (id: string) => http.json('POST', tokenPath(id, 'duplicate'), TokenWithCredentials),
      reset: (id: string) => http.json('POST', tokenPath(id, 'reset'), TokenWithCredentials),
      disable: async (id: string) => (await http.json('POST', tokenPath(id, 'disable'), TokenEnvelope)).token,
      enable: async (id: string) => (await http.json('POST', tokenPath(id, 'enable'), TokenEnvelope)).token,
      upgrade: async (id: string, input: UpgradeInput) =>
        (await http.json('POST', tokenPath(id, 'upgrade'), TokenEnvelope, { body: input })).token,
    },

    legacy: {
      get: () => http.json('GET', '/api/legacy-tokens', LegacyTokensView),
      enable: () => http.json('POST', '/api/legacy-tokens/enable', LegacyTokensView),
      reset: (access: LegacyAccess) => http.json('POST', LEGACY_RESET_PATH[access], LegacyResetResult),
      upgrade: (input: UpgradeInput) => http.json('POST', '/api/legacy-tokens/upgrade', LegacyTokensView, { body: input }),
      reveal: () => http.json('GET', '/api/legacy-tokens/credentials', LegacyCredentials),
    },

    auditEvents: {
      list: (filter: AuditFilterInput = {}) =>
        http.json('GET', '/api/audit-events', AuditEventList, {
          query: { cursor: filter.cursor, limit: filter.limit === undefined ? undefined : Number(filter.limit) },
        }),
    },
  }
}

export type AdminApi = ReturnType<typeof createAdminApi>
