import { createPinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp } from 'vue'
import { createMemoryHistory, type RouteRecordRaw } from 'vue-router'
import { provideAdminApi } from '../api/admin-api-context'
import { useSessionStore } from '../stores/session-store'
import { fakeAdminApi } from '../test-support/fake-admin-api'
import { createConsoleRouter } from './create-console-router'
import { ROUTE_LOADING_DELAY_MS, useRouteLoadStore } from './route-load-store'

const Page = { template: '<p>page</p>' }

async function routerWith(tokenPage: () => Promise<unknown>, loadLaterMessages?: () => Promise<void>) {
  const records: RouteRecordRaw[] = [
    { path: '/login', name: 'login', component: Page, meta: { public: true } },
    { path: '/settings', name: 'settings', component: Page, meta: { firstMessages: true } },
    { path: '/settings/api/tokens/:id', name: 'token', component: tokenPage as () => Promise<typeof Page> },
  ]
  const pinia = createPinia()
  const app = createApp(Page)
  provideAdminApi(app, fakeAdminApi())
  app.use(pinia)
  await useSessionStore(pinia).load()
  const router = createConsoleRouter(createMemoryHistory(), pinia, records, loadLaterMessages)
  return { router, pageLoad: useRouteLoadStore(pinia) }
}

const failedImport = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'))

afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
})

describe("the router's page loading", () => {
  it('reports a page whose code fails to load, with the address asked for, and clears it when a retry loads it', async () => {
    let load: () => Promise<unknown> = failedImport
    const { router, pageLoad } = await routerWith(() => load())
    await router.push('/settings')

    await router.push('/settings/api/tokens/tok_1?tab=usage').catch(() => undefined)

    expect(router.currentRoute.value.path).toBe('/settings')
    expect(pageLoad.failure).toEqual({ to: '/settings/api/tokens/tok_1?tab=usage', offline: false })
    expect(pageLoad.loading).toBe(false)

    load = async () => ({ default: Page })
    await router.push(pageLoad.failure!.to)
    expect(router.currentRoute.value.fullPath).toBe('/settings/api/tokens/tok_1?tab=usage')
    expect(pageLoad.failure).toBeNull()
  })

  it("reports a page whose messages (the catalog's later part) fail to load like its code, and loads them for the first pages not at all", async () => {
    let loadLater = vi.fn<() => Promise<void>>(async () => {
      throw new TypeError('Failed to fetch dynamically imported module')
    })
    const { router, pageLoad } = await routerWith(
      async () => ({ default: Page }),
      () => loadLater(),
    )
    await router.push('/settings')
    expect(loadLater).not.toHaveBeenCalled()

    await router.push('/settings/api/tokens/tok_1').catch(() => undefined)
    expect(router.currentRoute.value.path).toBe('/settings')
    expect(pageLoad.failure).toEqual({ to: '/settings/api/tokens/tok_1', offline: false })

    loadLater = vi.fn<() => Promise<void>>(async () => undefined)
    await router.push(pageLoad.failure!.to)
    expect(router.currentRoute.value.path).toBe('/settings/api/tokens/tok_1')
    expect(loadLater).toHaveBeenCalledOnce()
    expect(pageLoad.failure).toBeNull()
  })

  it('says the browser was offline when the page failed to load', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    const { router, pageLoad } = await routerWith(failedImport)
    await router.push('/settings')
    await router.push('/settings/api/tokens/tok_1').catch(() => undefined)
    expect(pageLoad.failure?.offline).toBe(true)
  })

  it('shows that a page is loading only once it takes longer than a moment', async () => {
    vi.useFakeTimers()
    let arrive: (page: { default: typeof Page }) => void = () => undefined
    const { router, pageLoad } = await routerWith(() => new Promise((resolve) => (arrive = resolve)))
    await router.push('/settings')

    const navigation = router.push('/settings/api/tokens/tok_1')
    await vi.advanceTimersByTimeAsync(ROUTE_LOADING_DELAY_MS - 50)
    expect(pageLoad.loading).toBe(false)
    await vi.advanceTimersByTimeAsync(100)
    expect(pageLoad.loading).toBe(true)

    arrive({ default: Page })
    await navigation
    expect(pageLoad.loading).toBe(false)
  })
})
