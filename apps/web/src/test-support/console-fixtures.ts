import {
  latestApiVersion,
  type AccountKind,
  type LeakView,
  type LegacyTokensView,
  type Role,
  type ScopeCatalog,
  type SessionView,
  type TokenView,
  type UserSummary,
} from '@tokens/core'

/** Small factories for what the admin API answers; each call builds fresh objects. */

export function makeSession(
  overrides: { role?: Role; kind?: AccountKind; locale?: SessionView['user']['locale'] } = {},
): SessionView {
  const kind = overrides.kind ?? 'brand'
  return {
    user: {
      id: 'usr_admin',
      email: 'admin@acme.test',
      name: 'Alex Morgan',
      role: overrides.role ?? 'account_administrator',
      locale: overrides.locale ?? null,
    },
    account: { id: 'acc_1', kind, name: 'Acme Outdoor', legacyEnabledAt: null },
    csrfToken: 'csrf-token-1',
  }
}

let tokenCounter = 0

/**
 * A token's JSON. A leak given without `secret` is of the current secret, as leaks recorded before
 * the leak record named its secret read, so fixtures written before then stay as they were.
 */
export function makeToken(
  overrides: Omit<Partial<TokenView>, 'leak'> & {
    leak?: (Omit<LeakView, 'secret'> & Partial<Pick<LeakView, 'secret'>>) | null
  } = {},
): TokenView {
  tokenCounter += 1
  const { leak, ...rest } = overrides
  return {
    id: `tok_${tokenCounter}`,
    kind: 'scoped',
    name: `Token ${tokenCounter}`,
    description: 'Reads reports.',
    accountSid: `TK${String(tokenCounter).padStart(22, '0')}`,
    apiVersion: latestApiVersion('brand'),
    state: 'enabled',
    scopes: ['GET /Reports'],
    primaryContactUserId: 'usr_admin',
    developerEmails: [],
    rateLimitPerHour: 1000,
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    lastUsedAt: null,
    leak: null,
    expiresAt: null,
    // A fixture's switch follows its state unless given (an expired token is taken as enabled).
    disabled: rest.state === 'disabled',
    rotation: null,
    ...rest,
    ...(leak ? { leak: { secret: 'current', ...leak } } : {}),
  }
}

/** Legacy tokens as enabled on the account: its Read/Write and Read-Only tokens, each with `overrides`. */
export function makeEnabledLegacy(
  overrides: { readWrite?: Partial<TokenView>; readOnly?: Partial<TokenView> } = {},
): Extract<LegacyTokensView, { enabled: true }> {
  return {
    enabled: true,
    apiVersion: 'v12',
    enabledAt: '2026-11-20T10:00:00.000Z',
    readWrite: makeToken({ kind: 'legacy_read_write', name: 'Read/Write', ...overrides.readWrite }),
    readOnly: makeToken({ kind: 'legacy_read_only', name: 'Read-Only', ...overrides.readOnly }),
  }
}

export function makeUsers(): UserSummary[] {
  return [
    { id: 'usr_admin', name: 'Alex Morgan', email: 'admin@acme.test' },
    { id: 'usr_impl', name: 'Priya Raman', email: 'impl@acme.test' },
  ]
}

export function makeCatalog(apiVersion = 'v14'): ScopeCatalog {
  return {
    kind: 'brand',
    versions: ['v12', 'v13', 'v14'],
    latest: 'v14',
    apiVersion,
    categories: [
      { id: 'account', name: 'Account', endpoints: [{ path: '/Account', methods: ['GET'] }] },
      {
        id: 'reports',
        name: 'Reports',
        endpoints: [
          { path: '/Reports', methods: ['GET'] },
          { path: '/Reports/{Id}', methods: ['GET', 'DELETE'] },
        ],
      },
    ],
  }
}

export const NEW_CREDENTIALS = { accountSid: 'TKnewsid0000000000000000', authToken: 'tcat_newsecretvalue' }
