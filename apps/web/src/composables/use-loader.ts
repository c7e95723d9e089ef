import { getCurrentInstance, getCurrentScope, onMounted, onScopeDispose, shallowRef } from 'vue'
import { latestLoad } from './latest-load'

export type { LoadStatus } from './latest-load'

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
  const { status, error, refreshing, requests, run } = latestLoad(options)

  async function load(): Promise<void> {
    await run(fetch, (answer) => {
      data.value = answer
    })
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
