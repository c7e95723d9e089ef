import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { useErrorMessage } from '../i18n/use-error-message'
import { useSessionStore } from '../stores/session-store'
import { useToastStore } from '../stores/toast-store'

/**
 * Sign out: the server ends the session, then the login page says so. When the server could not
 * end it (offline, a failure), the user stays signed in and is told why: saying "signed out" then
 * would leave a session that a reload, or the next person at this computer, picks up again.
 */
export function useSignOut() {
  const session = useSessionStore()
  const router = useRouter()
  const toasts = useToastStore()
  const { t } = useI18n()
  const errorMessage = useErrorMessage()
  const signingOut = ref(false)

  async function signOut(): Promise<void> {
    signingOut.value = true
    try {
      await session.logout()
      await router.replace({ name: 'login' })
      toasts.info(t('toasts.signedOut'))
    } catch (failure) {
      // The session had already ended (401): the console's session-lost handling has taken over.
      if (session.signedIn) toasts.error(t('toasts.signOutFailed', { reason: errorMessage(failure) }))
    } finally {
      signingOut.value = false
    }
  }

  return { signOut, signingOut }
}
