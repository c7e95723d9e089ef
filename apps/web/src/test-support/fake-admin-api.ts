import { DEFAULT_ACCOUNT_POLICY } from '@tokens/core'
import { vi } from 'vitest'
import { auditCsvHref, type AdminApi } from '../api/admin-api'
import { makeSession } from './console-fixtures'

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends (...args: never[]) => unknown ? T[K] : DeepPartial<T[K]>
}

function unexpected(name: string) {
  return vi.fn(async () => {
    throw new Error(`The test did not expect a call to ${name}`)
  })
}

/**
 * A fake admin API for component tests: a signed-in session by default, every other call fails
 * loudly unless the test provides it. Tests only: production code always gets the real client.
 */
export function fakeAdminApi(overrides: DeepPartial<AdminApi> = {}): AdminApi {
  const base: AdminApi = {
    setCsrfToken: vi.fn(),
    onSessionLost: vi.fn(),
    session: {
      get: vi.fn(async () => makeSession()),
      login: unexpected('session.login'),
      logout: vi.fn(async () => undefined),
      updatePreferences: vi.fn(async () => undefined),
    },
    catalog: unexpected('catalog'),
    users: { list: unexpected('users.list') },
    tokens: {
      list: vi.fn(async () => ({ items: [], nextCursor: null })),
      get: unexpected('tokens.get'),
      create: unexpected('tokens.create'),
      update: unexpected('tokens.update'),
      remove: unexpected('tokens.remove'),
      reveal: unexpected('tokens.reveal'),
      duplicate: unexpected('tokens.duplicate'),
      reset: unexpected('tokens.reset'),
      disable: unexpected('tokens.disable'),
      enable: unexpected('tokens.enable'),
      upgrade: unexpected('tokens.upgrade'),
      renew: unexpected('tokens.renew'),
      rotate: unexpected('tokens.rotate'),
      completeRotation: unexpected('tokens.completeRotation'),
      markLeakHandled: unexpected('tokens.markLeakHandled'),
    },
    checkCredential: unexpected('checkCredential'),
    policies: {
      get: vi.fn(async () => ({ ...DEFAULT_ACCOUNT_POLICY })),
      update: unexpected('policies.update'),
      previewUnused: unexpected('policies.previewUnused'),
    },
    webhooks: {
      list: vi.fn(async () => ({ items: [], emailConfigured: true })),
      create: unexpected('webhooks.create'),
      update: unexpected('webhooks.update'),
      remove: unexpected('webhooks.remove'),
      deliveries: vi.fn(async () => []),
      resend: unexpected('webhooks.resend'),
    },
    emailDeliveries: {
      list: vi.fn(async () => ({ items: [], nextCursor: null })),
      resend: unexpected('emailDeliveries.resend'),
    },
    legacy: {
      get: vi.fn(async () => ({ enabled: false as const })),
      enable: unexpected('legacy.enable'),
      reset: unexpected('legacy.reset'),
      upgrade: unexpected('legacy.upgrade'),
      reveal: unexpected('legacy.reveal'),
      markLeakHandled: unexpected('legacy.markLeakHandled'),
    },
    usage: {
      token: unexpected('usage.token'),
      legacy: unexpected('usage.legacy'),
      // The API page asks once for the cards' 7-day figures; an account without traffic by default.
      account: vi.fn(async (range) => ({
        range,
        bucket: 'hour' as const,
        from: '2026-11-23T00:00:00.000Z',
        to: '2026-11-30T00:00:00.000Z',
        totals: { ok: 0, clientError: 0, refused: 0, rateLimited: 0, serverError: 0 },
        series: [],
        tokens: [],
      })),
      upgradePreview: unexpected('usage.upgradePreview'),
      legacyUpgradePreview: unexpected('usage.legacyUpgradePreview'),
    },
    auditEvents: { list: unexpected('auditEvents.list'), csvHref: auditCsvHref },
  }
  return {
    ...base,
    ...(overrides as Partial<AdminApi>),
    session: { ...base.session, ...overrides.session },
    users: { ...base.users, ...overrides.users },
    tokens: { ...base.tokens, ...overrides.tokens },
    policies: { ...base.policies, ...overrides.policies },
    webhooks: { ...base.webhooks, ...overrides.webhooks },
    emailDeliveries: { ...base.emailDeliveries, ...overrides.emailDeliveries },
    legacy: { ...base.legacy, ...overrides.legacy },
    usage: { ...base.usage, ...overrides.usage },
    auditEvents: { ...base.auditEvents, ...overrides.auditEvents },
  } as AdminApi
}
