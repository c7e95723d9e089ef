import { computed, shallowRef, watch } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'

/**
 * A list page's filter, kept in the address so a filtered view can be shared: the fields write to
 * the URL (replacing the history entry), the list reads from it. Only the page's own route counts
 * (leaving it must not clear the filter), and only a real change of filter reaches the list.
 * @example const filter = useQueryFilter('api', filterFromQuery, queryWithFilter)
 */
export function useQueryFilter<F>(
  routeName: string,
  fromQuery: (query: LocationQuery) => F,
  toQuery: (query: LocationQuery, filter: F) => LocationQueryRaw,
) {
  const route = useRoute()
  const router = useRouter()
  const current = shallowRef<F>(fromQuery(route.query))
  watch(
    () => route.query,
    (query) => {
      if (route.name !== routeName) return
      const next = fromQuery(query)
      if (JSON.stringify(next) !== JSON.stringify(current.value)) current.value = next
    },
  )
  return computed<F>({
    get: () => current.value,
    set: (next) => void router.replace({ query: toQuery(route.query, next) }),
  })
}
