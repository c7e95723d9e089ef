import type { Pinia } from 'pinia'
import { createRouter, type RouteRecordRaw, type RouterHistory } from 'vue-router'
import { useSessionStore } from '../stores/session-store'
import { useRouteLoadStore } from './route-load-store'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (the login page). */
    public?: boolean
    /** Only roles that may manage API tokens see the page; others get the no-access page in place. */
    tokenManager?: boolean
  }
}

type PageComponent = NonNullable<RouteRecordRaw['component']>

/**
 * The settings pages only token managers may open, as [path, name, page]: adding one is one row.
 * Each import stays a literal so Vite splits every page into its own chunk.
 */
const TOKEN_MANAGER_PAGES: [path: string, name: string, component: PageComponent][] = [
  ['api', 'api', () => import('../pages/api/ApiPage.vue')],
  ['api/new', 'token-new', () => import('../pages/wizard/CreateTokenWizard.vue')],
  ['api/tokens/:id', 'token', () => import('../pages/token/TokenPage.vue')],
  ['policies', 'policies', () => import('../pages/policies/TokenPoliciesPage.vue')],
  ['credential-check', 'credential-check', () => import('../pages/credential-check/CredentialCheckPage.vue')],
  ['audit-trail', 'audit', () => import('../pages/audit/AuditTrailPage.vue')],
  ['webhooks', 'webhooks', () => import('../pages/webhooks/WebhooksPage.vue')],
  ['api/legacy', 'legacy', () => import('../pages/legacy/LegacyTokensPage.vue')],
]

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../pages/login/LoginPage.vue'),
    meta: { public: true },
  },
  {
    path: '/',
    component: () => import('../shells/AccountShell.vue'),
    children: [
      { path: '', redirect: { name: 'settings' } },
      {
        path: 'settings',
        component: () => import('../pages/settings/SettingsLayout.vue'),
        children: [
          {
            path: '',
            name: 'settings',
            component: () => import('../pages/settings/SettingsOverviewPage.vue'),
          },
          ...TOKEN_MANAGER_PAGES.map(([path, name, component]): RouteRecordRaw => ({
            path,
            name,
            component,
            meta: { tokenManager: true },
          })),
        ],
      },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('../pages/NotFoundPage.vue') },
    ],
  },
]

/**
 * Deep links work: a signed-out visitor is sent to the login page and brought back afterwards. A page
 * whose code fails to load (offline) is reported through the route-load store, which the shells show.
 */
export function createConsoleRouter(
  history: RouterHistory,
  pinia: Pinia,
  records: RouteRecordRaw[] = routes,
) {
  const router = createRouter({
    history,
    routes: records,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })
  const pageLoad = useRouteLoadStore(pinia)
  router.beforeEach(() => pageLoad.start())
  router.afterEach(() => pageLoad.finish())
  // A failed dynamic import (or any error thrown while navigating) ends here, not in a silent console.
  router.onError((_error, to) => pageLoad.fail(to.fullPath))
  router.beforeEach((to) => {
    const session = useSessionStore(pinia)
    if (to.meta.public) {
      if (session.signedIn && to.name === 'login') {
        const back = typeof to.query['redirect'] === 'string' ? to.query['redirect'] : ''
        return back.startsWith('/') && !back.startsWith('//') ? back : { name: 'settings' }
      }
      return true
    }
    if (!session.signedIn)
      return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
    return true
  })
  return router
}
