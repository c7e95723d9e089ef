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
  } = {},
) {
  const data = shallowRef<T | null>(null)
  const status = ref<LoadStatus>('loading')
  const error = shallowRef<unknown>(null)
  const requests = latestRequest()

  async function load(): Promise<void> {
    const mine = requests.start()
    status.value = 'loading'
    try {
      const answer = await fetch(mine.signal)
      if (!requests.isLatest(mine)) return
      data.value = answer
      status.value = 'ready'
    } catch (failure) {
      if (!requests.isLatest(mine)) return
      error.value = failure
      status.value = 'error'
    }
  }

  if (getCurrentScope()) onScopeDispose(requests.abort)
  if (options.immediate !== false) {
    if (getCurrentInstance()) onMounted(() => void load())
    else void load()
  }
  return { data, status, error, load }
}

/** What useLoader returns, for a component that shows the states of a load it is handed (AsyncSection). */
export type Loader<T> = ReturnType<typeof useLoader<T>>
