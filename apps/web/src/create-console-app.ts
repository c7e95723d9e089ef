import { createPinia } from 'pinia'
import { createApp } from 'vue'
import type { RouterHistory } from 'vue-router'
import type { AdminApi } from './api/admin-api'
import { provideAdminApi } from './api/admin-api-context'
import App from './App.vue'
import { provideConsoleI18n } from './i18n/console-i18n-context'
import { createConsoleI18n } from './i18n/create-console-i18n'
import { createConsoleRouter } from './router/create-console-router'
import { tabStorage } from './stores/browser-storage'
import { followSessionAcrossTabs } from './stores/follow-session-across-tabs'
import { useLocaleStore } from './stores/locale-store'
import { openSessionChannel, type SessionChannel } from './stores/session-channel'
import { useSessionStore } from './stores/session-store'
import { useThemeStore } from './stores/theme-store'
import { useToastStore } from './stores/toast-store'

/** Set in this tab's storage before a reload into a session another tab signed in: said after it. */
const SWITCHED_NOTE = 'token-console.session-switched'

/**
 * Builds the whole console around an admin API client: main.ts passes the real one, the
 * component tests a fake. Resolves once the session, language and first route are known.
 * `sessionChannel` carries sign-ins and sign-outs between this browser's tabs of the console.
 */
export async function createConsoleApp(
  api: AdminApi,
  history: RouterHistory,
  i18n = createConsoleI18n(),
  sessionChannel: SessionChannel = openSessionChannel(),
) {
  const app = createApp(App)
  const pinia = createPinia()
  provideAdminApi(app, api)
  app.use(pinia)
  app.use(i18n)
  provideConsoleI18n(app, i18n)

  const session = useSessionStore(pinia)
  const locale = useLocaleStore(pinia)
  const toasts = useToastStore(pinia)
  useThemeStore(pinia).apply()

  let sessionCheckFailed = false
  try {
    await session.load()
  } catch {
    // The server is unreachable: the login page says so when the user tries to sign in.
    sessionCheckFailed = true
  }
  await locale.initialise()

  const router = createConsoleRouter(history, pinia, undefined, () => locale.loadLaterMessages())
  app.use(router)
  api.onSessionLost(() => {
    if (!session.signedIn) return
    session.forget()
    toasts.info(i18n.global.t('toasts.sessionEnded'), { forNextPage: true })
    const current = router.currentRoute.value
    void router.replace({ name: 'login', query: { redirect: current.fullPath } })
  })
  // Another tab signed out, or in as someone else: this tab does not keep the old account's shell.
  const stopFollowing = followSessionAcrossTabs(session, sessionChannel, {
    signedOut: () => {
      toasts.info(i18n.global.t('toasts.signedOutElsewhere'), { forNextPage: true })
      const current = router.currentRoute.value
      void router.replace({ name: 'login', query: { redirect: current.fullPath } })
    },
    // A reload drops every page's and store's data of the old account at once.
    switched: () => {
      tabStorage.write(SWITCHED_NOTE, 'yes')
      window.location.reload()
    },
  })
  app.onUnmount(() => {
    stopFollowing()
    sessionChannel.close()
  })
  if (tabStorage.read(SWITCHED_NOTE)) {
    tabStorage.write(SWITCHED_NOTE, null)
    if (session.user) toasts.info(i18n.global.t('toasts.sessionSwitched', { email: session.user.email }))
  }
  // A toast concerns its page: another page (not another filter or section of it) dismisses it.
  router.afterEach((to, from, failure) => {
    if (!failure && from.matched.length > 0 && to.path !== from.path) toasts.leavePage()
  })
  if (sessionCheckFailed) toasts.error(i18n.global.t('states.networkUnavailable'))
  await router.isReady()
  return { app, router, pinia, i18n }
}
