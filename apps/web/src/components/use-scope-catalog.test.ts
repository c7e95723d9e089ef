import { scopeCatalog } from '@tokens/core'
import { flushPromises } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createApp, effectScope, ref } from 'vue'
import { describe, expect, it, vi } from 'vitest'
import { provideAdminApi } from '../api/admin-api-context'
import { useSessionStore } from '../stores/session-store'
import { makeSession } from '../test-support/console-fixtures'
import { fakeAdminApi } from '../test-support/fake-admin-api'
import { useScopeCatalog } from './use-scope-catalog'

describe('the scope catalog', () => {
  it('is the signed-in account kind’s, also after signing in as another kind in the same page', async () => {
    // The server answers for whoever is signed in now; v14 is brand's newest and partner's oldest.
    const session = { current: makeSession({ kind: 'brand' }) }
    const catalog = vi.fn(async (version?: string) =>
      scopeCatalog(session.current.account.kind, version ?? 'v14'),
    )
    const api = fakeAdminApi({ session: { get: vi.fn(async () => session.current) }, catalog })
    const app = createApp({}).use(createPinia())
    provideAdminApi(app, api)
    const sessionStore = app.runWithContext(() => useSessionStore())
    /** The catalog a page opened now shows for v14. */
    const shown = async () => {
      const scope = effectScope()
      const state = scope.run(() => app.runWithContext(() => useScopeCatalog(ref('v14'))))
      await flushPromises()
      scope.stop()
      return state?.catalog.value
    }

    await sessionStore.load()
    expect((await shown())?.kind).toBe('brand')
    expect((await shown())?.kind).toBe('brand')
    expect(catalog).toHaveBeenCalledTimes(1)

    // Signed out and in again as a partner, without a page load.
    session.current = makeSession({ kind: 'partner' })
    await sessionStore.load()
    expect((await shown())?.kind).toBe('partner')
  })
})
