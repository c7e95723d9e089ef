import { getCurrentInstance, getCurrentScope, onMounted, onScopeDispose, ref, shallowRef } from 'vue'

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
  let inFlight: AbortController | null = null

  async function load(): Promise<void> {
    inFlight?.abort()
    const mine = new AbortController()
    inFlight = mine
    status.value = 'loading'
    try {
      const answer = await fetch(mine.signal)
      if (inFlight !== mine) return
      data.value = answer
      status.value = 'ready'
    } catch (failure) {
      if (inFlight !== mine) return
      error.value = failure
      status.value = 'error'
    }
  }

  if (getCurrentScope()) onScopeDispose(() => inFlight?.abort())
  if (options.immediate !== false) {
    if (getCurrentInstance()) onMounted(() => void load())
    else void load()
  }
  return { data, status, error, load }
}
