import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { queryWithSection, sectionFromQuery } from '../components/page-sections'

/**
 * The page's open section, kept in the address as `?tab=` (page-sections.ts says why): reading it
 * follows Back and shared links, writing it replaces the history entry and keeps the other parameters.
 * @example const { tab, openTab } = useQueryTab(['overview', 'credentials'] as const)
 */
export function useQueryTab<S extends string>(sections: MaybeRefOrGetter<readonly [S, ...S[]]>) {
  const route = useRoute()
  const router = useRouter()

  function queryFor(section: S) {
    return queryWithSection(route.query, section, toValue(sections))
  }
  function openTab(section: S) {
    return router.replace({ query: queryFor(section) })
  }
  const tab = computed<S>({
    get: () => sectionFromQuery(route.query, toValue(sections)),
    set: (next) => void openTab(next),
  })
  return { tab, openTab, queryFor }
}
