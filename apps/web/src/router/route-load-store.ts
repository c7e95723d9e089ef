import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { browserOnline } from '../lazy-code/code-fetch-failures'

/** How long a page may take to load before the shell says it is loading (no flash on a fast network). */
export const ROUTE_LOADING_DELAY_MS = 200

export interface RouteLoadFailure {
  /** The address the user asked for, to retry. */
  to: string
  /** The browser said it was offline when the page's code failed to load. */
  offline: boolean
}

/**
 * Pages are loaded on demand: while one loads the shell shows so, and when its code cannot be
 * fetched (offline) the shell shows why, with Retry, instead of the click doing nothing.
 */
export const useRouteLoadStore = defineStore('route-load', () => {
  const loading = ref(false)
  const failure = shallowRef<RouteLoadFailure | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined

  function start(): void {
    clearTimeout(timer)
    timer = setTimeout(() => (loading.value = true), ROUTE_LOADING_DELAY_MS)
  }

  function finish(): void {
    clearTimeout(timer)
    loading.value = false
    failure.value = null
  }

  function fail(to: string): void {
    clearTimeout(timer)
    loading.value = false
    failure.value = { to, offline: !browserOnline() }
  }

  function dismiss(): void {
    failure.value = null
  }

  return { loading, failure, start, finish, fail, dismiss }
})
