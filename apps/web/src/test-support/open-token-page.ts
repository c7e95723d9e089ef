import type { TokenView } from '@tokens/core'
import { vi } from 'vitest'
import { makeCatalog, makeUsers } from './console-fixtures'
import { fakeAdminApi } from './fake-admin-api'
import { renderWithConsole } from './render-console'

/**
 * Opens the page of `token` (at `query`, e.g. '?tab=scopes') on a fake API that answers the token,
 * saves its updates, lists the users and serves the catalog; `overrides` add calls or replace
 * these, token calls included. Answers once the page shows the token's name as its heading.
 */
export async function openTokenPage(
  token: TokenView,
  overrides: NonNullable<Parameters<typeof fakeAdminApi>[0]> = {},
  query = '',
) {
  const update = vi.fn(async (_id: string, input: object) => ({ ...token, ...input }))
  const api = fakeAdminApi({
    ...overrides,
    tokens: { get: vi.fn(async () => token), update, ...overrides.tokens },
    users: { list: vi.fn(async () => makeUsers()) },
    catalog: vi.fn(async (apiVersion?: string) => makeCatalog(apiVersion)),
  })
  const view = await renderWithConsole(api, `/settings/api/tokens/${token.id}${query}`)
  await view.findByRole('heading', { level: 1, name: token.name })
  return { api, update, token, view }
}
