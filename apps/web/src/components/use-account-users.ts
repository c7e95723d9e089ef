import type { UserSummary } from '@tokens/core'
import { onMounted, ref, shallowRef } from 'vue'
import { useAdminApi } from '../api/admin-api-context'

/** The account's users, for the Primary Contact picker. */
export function useAccountUsers() {
  const api = useAdminApi()
  const users = ref<UserSummary[]>([])
  const status = ref<'loading' | 'ready' | 'error'>('loading')
  const error = shallowRef<unknown>(null)

  async function load(): Promise<void> {
    status.value = 'loading'
    try {
      users.value = await api.users.list()
      status.value = 'ready'
    } catch (failure) {
      error.value = failure
      status.value = 'error'
    }
  }

  onMounted(() => void load())
  return { users, status, error, reload: load }
}
