import type { UserSummary } from '@tokens/core'
import { computed } from 'vue'
import { useAdminApi } from '../api/admin-api-context'
import { useLoader } from '../composables/use-loader'

/** The account's users, for the Primary Contact picker. */
export function useAccountUsers() {
  const api = useAdminApi()
  const { data, status, error, load } = useLoader<UserSummary[]>(() => api.users.list())
  const users = computed(() => data.value ?? [])
  return { users, status, error, reload: load }
}

export type AccountUsers = ReturnType<typeof useAccountUsers>
