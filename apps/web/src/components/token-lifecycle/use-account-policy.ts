import type { AccountPolicy } from '@tokens/core'
import { onMounted, ref, shallowRef } from 'vue'
import { useAdminApi } from '../../api/admin-api-context'

/** The account's token policy (GET /api/policies), for the expiry choices it allows. */
export function useAccountPolicy() {
  const api = useAdminApi()
  const policy = shallowRef<AccountPolicy | null>(null)
  const status = ref<'loading' | 'ready' | 'error'>('loading')
  const error = shallowRef<unknown>(null)

  async function load(): Promise<void> {
    status.value = 'loading'
    try {
      policy.value = await api.policies.get()
      status.value = 'ready'
    } catch (failure) {
      error.value = failure
      status.value = 'error'
    }
  }

  onMounted(() => void load())
  return { policy, status, error, reload: load }
}
