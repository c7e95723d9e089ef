import type { Pinia } from 'pinia'
import {
  createRouter,
  type RouteLocationNormalized,
  type RouteRecordRaw,
  type RouterHistory,
} from 'vue-router'
import { SECTION_PARAM } from '../components/page-sections'
import { useSessionStore } from '../stores/session-store'
import { useRouteLoadStore } from './route-load-store'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (the login page). */
    public?: boolean
    /** Only roles that may manage API tokens see the page; others get the no-access page in place. */
    tokenManager?: boolean
    /**
     * Shown with the first part of the catalog alone (catalog-parts.ts): a page a visitor can land
     * on. Any other page waits for the later part, as for its code.
     */
    firstMessages?: boolean
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

/** The token manager's pages a visitor lands on, shown with the first part of the catalog alone. */
const FIRST_MESSAGE_PAGES = ['api']

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../pages/login/LoginPage.vue'),
    meta: { public: true, firstMessages: true },
  },
  {
    path: '/',
    component: () => import('../shells/AccountShell.vue'),
    meta: { firstMessages: true },
    children: [
      { path: '', redirect: { name: 'settings' } },
      {
        path: 'settings',
        component: () => import('../pages/settings/SettingsLayout.vue'),
        meta: { firstMessages: true },
        children: [
          {
            path: '',
            name: 'settings',
            component: () => import('../pages/settings/SettingsOverviewPage.vue'),
            meta: { firstMessages: true },
          },
          ...TOKEN_MANAGER_PAGES.map(([path, name, component]): RouteRecordRaw => ({
            path,
            name,
            component,
            meta: { tokenManager: true, firstMessages: FIRST_MESSAGE_PAGES.includes(name) },
          })),
        ],
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('../pages/NotFoundPage.vue'),
        meta: { firstMessages: true },
      },
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
  /** Fetches the catalog's later part (the locale store's, catalog-parts.ts), before any page not marked `firstMessages`. */
  loadLaterMessages?: () => Promise<void>,
) {
  const router = createRouter({
    history,
    routes: records,
    scrollBehavior: scrollAfterNavigation,
  })
  const pageLoad = useRouteLoadStore(pinia)
  router.beforeEach(() => pageLoad.start())
  router.afterEach(() => pageLoad.finish())
  // A failed dynamic import (or any error thrown while navigating) ends here, not in a silent console.
  router.onError((_error, to) => pageLoad.fail(to.fullPath))
  // A page beyond the first ones shows messages of the catalog's later part: fetched before it is
  // shown, and a failure (offline) is the page's own (onError above).
  router.beforeResolve(async (to) => {
    if (loadLaterMessages && !to.matched.every((record) => record.meta.firstMessages))
      await loadLaterMessages()
  })
  router.beforeEach((to) => {
    const session = useSessionStore(pinia)
    if (to.meta.public) {
      // Sign out goes there signed in, and ends the session on the way (use-sign-out).
      if (session.signedIn && to.name === 'login' && !session.signingOut) {
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

/**
 * Back and forward return where the page was; another page, or another section of one (`?tab=`),
 * starts at its top. A filter written to the query stays where the user is, typing or choosing.
 */
export function scrollAfterNavigation(
  to: RouteLocationNormalized,
  from: RouteLocationNormalized,
  saved: { left: number; top: number } | null,
): { left: number; top: number } | { top: number } | false {
  if (saved) return saved
  const samePage = to.path === from.path && to.query[SECTION_PARAM] === from.query[SECTION_PARAM]
  return samePage ? false : { top: 0 }
}
