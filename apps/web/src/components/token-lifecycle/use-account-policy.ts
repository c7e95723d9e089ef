import { useAdminApi } from '../../api/admin-api-context'
import { useLoader } from '../../composables/use-loader'

/** The account's token policy (GET /api/policies), for the expiry choices it allows. */
export function useAccountPolicy() {
  const api = useAdminApi()
  const { data: policy, status, error, load } = useLoader(() => api.policies.get())
  return { policy, status, error, reload: load }
}
