import { ref, shallowRef } from 'vue'
import { latestRequest } from './latest-request'

export type LoadStatus = 'loading' | 'ready' | 'error'

/**
 * The state of loads of which only the newest counts (useLoader, usePagedList): `run` starts one,
 * hands its answer to `use` only while it is still the newest, and sets status, error and
 * refreshing. An answer given at once (not a promise) is used without passing through loading.
 */
export function latestLoad(options: { keepWhileRefreshing?: boolean }) {
  const status = ref<LoadStatus>('loading')
  const error = shallowRef<unknown>(null)
  /** True while a load runs, whether or not it shows as loading. */
  const refreshing = ref(false)
  const requests = latestRequest()

  async function run<T>(
    fetch: (signal: AbortSignal) => Promise<T> | T,
    use: (answer: T) => void,
  ): Promise<void> {
    const mine = requests.start()
    error.value = null
    const request = fetch(mine.signal)
    if (!(request instanceof Promise)) {
      use(request)
      status.value = 'ready'
      // An earlier load still running no longer owns the state, so its `finally` will not reset this.
      refreshing.value = false
      return
    }
    if (status.value !== 'ready' || !options.keepWhileRefreshing) status.value = 'loading'
    refreshing.value = true
    try {
      const answer = await request
      if (!requests.isLatest(mine)) return
      use(answer)
      status.value = 'ready'
    } catch (failure) {
      if (!requests.isLatest(mine)) return
      error.value = failure
      status.value = 'error'
    } finally {
      if (requests.isLatest(mine)) refreshing.value = false
    }
  }

  return { status, error, refreshing, requests, run }
}
