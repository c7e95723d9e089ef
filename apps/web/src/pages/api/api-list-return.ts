import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { LocationQueryRaw, RouteLocationRaw } from 'vue-router'

/**
 * The way back to the API page's list as the user left it: its filters (the URL query) are
 * remembered while the page shows, so Back to API, a delete and the wizard's Cancel or Done return
 * to the same filtered view instead of making the user filter again. A deep link to a token, with
 * no list seen before, returns to the plain list.
 */
export const useApiListReturnStore = defineStore('api-list-return', () => {
  const query = shallowRef<LocationQueryRaw>({})
  const location = computed<RouteLocationRaw>(() => ({ name: 'api', query: query.value }))

  function remember(next: LocationQueryRaw): void {
    query.value = next
  }

  return { location, remember }
})
