import { canManageApiTokens, type LoginInput, type SessionView } from '@tokens/core'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { useAdminApi } from '../api/admin-api-context'

export const useSessionStore = defineStore('session', () => {
  const api = useAdminApi()
  const session = ref<SessionView | null>(null)

  const user = computed(() => session.value?.user ?? null)
  const account = computed(() => session.value?.account ?? null)
  const signedIn = computed(() => session.value !== null)
  /** The core's permission rule decides; the API enforces it again on every route. */
  const canManageTokens = computed(() => (user.value ? canManageApiTokens(user.value.role) : false))
  /** Sign out is on its way to the login page (use-sign-out): the router lets it in, still signed in. */
  const signingOut = ref(false)

  function adopt(next: SessionView | null): void {
    session.value = next
    api.setCsrfToken(next?.csrfToken ?? null)
  }

  async function load(): Promise<void> {
    adopt(await api.session.get())
  }

  async function login(input: LoginInput): Promise<SessionView> {
    const next = await api.session.login(input)
    adopt(next)
    return next
  }

  /** Ends the session on the server, then here; throws, still signed in, when the server did not. */
  async function logout(): Promise<void> {
    await api.session.logout()
    adopt(null)
  }

  /** The server ended the session (expiry, logout elsewhere): forget it here too. */
  function forget(): void {
    adopt(null)
  }

  function setSavedLocale(locale: SessionView['user']['locale']): void {
    if (session.value) session.value = { ...session.value, user: { ...session.value.user, locale } }
  }

  return {
    session,
    user,
    account,
    signedIn,
    canManageTokens,
    signingOut,
    load,
    login,
    logout,
    forget,
    setSavedLocale,
  }
})
