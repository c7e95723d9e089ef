import { ref, shallowRef, watch, type Ref, type WatchSource } from 'vue'
import { latestLoad } from './latest-load'

export interface ListPage<T> {
  items: T[]
  nextCursor: string | null
}

/** The list a filter that cannot be asked shows: empty, and ready at once. */
const NO_PAGE: ListPage<never> = { items: [], nextCursor: null }

/**
 * A keyset-paged list for the current filter: `reload` loads the first page (dropping answers to
 * filters the user has since changed) whenever `filter` changes, `loadMore` appends the next page
 * without repeating an item. `fetchPage` answers null when the filter cannot be asked (the filter
 * form says what is wrong): the list is then empty.
 * @example const list = usePagedList(filter, (cursor, signal) => api.tokens.list({ ...query, cursor }, signal))
 */
export function usePagedList<T extends { id: string }>(
  filter: WatchSource,
  fetchPage: (cursor: string | undefined, signal?: AbortSignal) => Promise<ListPage<T>> | null,
  options: {
    /** A reload keeps the loaded items on screen (with `refreshing`) instead of showing loading. */
    keepWhileRefreshing?: boolean
  } = {},
) {
  const items = ref([]) as Ref<T[]>
  const nextCursor = ref<string | null>(null)
  const { status, error, refreshing, requests, run } = latestLoad(options)
  const loadingMore = ref(false)
  const loadMoreError = shallowRef<unknown>(null)

  async function reload(): Promise<void> {
    loadMoreError.value = null
    await run(
      (signal) => fetchPage(undefined, signal) ?? NO_PAGE,
      (page: ListPage<T>) => {
        items.value = page.items
        nextCursor.value = page.nextCursor
      },
    )
  }

  /** Appends the next page; answers how many items it added (0 when it failed or was outdated). */
  async function loadMore(): Promise<number> {
    if (!nextCursor.value || loadingMore.value) return 0
    loadingMore.value = true
    loadMoreError.value = null
    const mine = requests.current()
    try {
      // Under the first page's signal: a reload for a new filter aborts it with the page it extends.
      const page = await fetchPage(nextCursor.value, mine?.signal)
      if (!page || !requests.isLatest(mine)) return 0
      const known = new Set(items.value.map((item) => item.id))
      const added = page.items.filter((item) => !known.has(item.id))
      items.value = [...items.value, ...added]
      nextCursor.value = page.nextCursor
      return added.length
    } catch (failure) {
      if (requests.isLatest(mine)) loadMoreError.value = failure
      return 0
    } finally {
      loadingMore.value = false
    }
  }

  watch(filter, () => void reload())

  return { items, nextCursor, status, error, refreshing, loadingMore, loadMoreError, reload, loadMore }
}
