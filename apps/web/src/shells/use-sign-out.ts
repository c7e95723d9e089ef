import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { useSessionStore } from '../stores/session-store'
import { useToastStore } from '../stores/toast-store'

export function useSignOut() {
  const session = useSessionStore()
  const router = useRouter()
  const toasts = useToastStore()
  const { t } = useI18n()
  const signingOut = ref(false)

  async function signOut(): Promise<void> {
    signingOut.value = true
    try {
      await session.logout().catch(() => undefined)
      await router.replace({ name: 'login' })
      toasts.info(t('toasts.signedOut'))
    } finally {
      signingOut.value = false
    }
  }

  return { signOut, signingOut }
}
