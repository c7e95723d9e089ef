import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { useErrorMessage } from '../i18n/use-error-message'
import { useSessionStore } from '../stores/session-store'
import { useToastStore } from '../stores/toast-store'

/**
 * Sign out: the way to the login page first, so that a page with unsaved work asks (use-leave-guard,
 * which cannot once the session has ended); the server ends the session once every page let the
 * way through, then the login page says so. When the server could not end it (offline, a failure),
 * the user stays where they were, signed in, and is told why: saying "signed out" then would leave a
 * session that a reload, or the next person at this computer, picks up again.
 */
export function useSignOut() {
  const session = useSessionStore()
  const router = useRouter()
  const toasts = useToastStore()
  const { t } = useI18n()
  const errorMessage = useErrorMessage()
  const signingOut = computed(() => session.signingOut)

  async function signOut(): Promise<void> {
    if (session.signingOut) return
    session.signingOut = true
    // Set by the guard below, during the navigation.
    const outcome: { ended: boolean; failure: { error: unknown } | null } = { ended: false, failure: null }
    // After the leave guards and before the login page shows: a refusal by the server stops there.
    const endSession = router.beforeResolve(async (to) => {
      if (to.name !== 'login' || outcome.ended || outcome.failure) return true
      try {
        await session.logout()
        outcome.ended = true
        return true
      } catch (error) {
        outcome.failure = { error }
        return false
      }
    })
    try {
      await router.replace({ name: 'login' })
      if (outcome.ended) toasts.info(t('toasts.signedOut'))
      // The session had already ended (401): the console's session-lost handling has taken over.
      else if (outcome.failure && session.signedIn)
        toasts.error(t('toasts.signOutFailed', { reason: errorMessage(outcome.failure.error) }))
    } finally {
      endSession()
      session.signingOut = false
    }
  }

  return { signOut, signingOut }
}
