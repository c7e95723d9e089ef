import { getCurrentInstance, getCurrentScope, onMounted, onScopeDispose, ref, shallowRef } from 'vue'
import { latestRequest } from './latest-request'

export type LoadStatus = 'loading' | 'ready' | 'error'

/**
 * The load state of a page or a panel: what was loaded, whether it is loading, ready or failed
 * (with the failure, for ErrorState), and `load` for Retry. A newer load drops the answer of an
 * older one still under way, and leaving the page aborts what is in flight.
 * @example const legacy = useLoader(() => api.legacy.get())
 */
export function useLoader<T>(
  fetch: (signal: AbortSignal) => Promise<T>,
  options: {
    /** Load when the component mounts (default); false when a watcher starts the loads. */
    immediate?: boolean
    /**
     * A reload keeps what is shown (status stays ready, `refreshing` is true) instead of going back
     * to loading: for a Refresh button beside rows the user is reading.
     */
    keepWhileRefreshing?: boolean
  } = {},
) {
  const data = shallowRef<T | null>(null)
  const status = ref<LoadStatus>('loading')
  const error = shallowRef<unknown>(null)
  /** True while a load runs, whether or not it shows as loading. */
  const refreshing = ref(false)
  const requests = latestRequest()

  async function load(): Promise<void> {
    const mine = requests.start()
    if (status.value !== 'ready' || !options.keepWhileRefreshing) status.value = 'loading'
    refreshing.value = true
    try {
      const answer = await fetch(mine.signal)
      if (!requests.isLatest(mine)) return
      data.value = answer
      status.value = 'ready'
    } catch (failure) {
      if (!requests.isLatest(mine)) return
      error.value = failure
      status.value = 'error'
    } finally {
      if (requests.isLatest(mine)) refreshing.value = false
    }
  }

  if (getCurrentScope()) onScopeDispose(requests.abort)
  if (options.immediate !== false) {
    if (getCurrentInstance()) onMounted(() => void load())
    else void load()
  }
  return { data, status, error, refreshing, load }
}

/** What useLoader returns, for a component that shows the states of a load it is handed (AsyncSection). */
export type Loader<T> = ReturnType<typeof useLoader<T>>
