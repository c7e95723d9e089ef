import { ref, shallowRef, watch, type Ref, type WatchSource } from 'vue'
import { latestLoad } from './latest-load'

export interface ListPage<T> {
  items: T[]
  nextCursor: string | null
}

/**
 * How many pages after its own `reloadPageOf` reads at most to find an item newer items pushed
 * along: a row shown last and deleted meanwhile is in no page and has no shown row after it, so
 * without a bound a refused action would read the whole rest of the list.
 */
export const PAGES_FOLLOWED = 3

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
  /** The cursor each item's page was read with, for `reloadPageOf`. */
  const pageCursors = new Map<string, string | undefined>()
  /**
   * Which write each item was last shown by (a count of writes and of pages asked again), so that a
   * page read again answering late never puts back an older state over a row written since it was
   * asked (a page asked later, an action's answer).
   */
  let writes = 0
  const writtenAt = new Map<string, number>()
  function wrote(written: readonly T[], at = ++writes): void {
    for (const item of written) writtenAt.set(item.id, at)
  }

  async function reload(): Promise<void> {
    loadMoreError.value = null
    await run(
      (signal) => fetchPage(undefined, signal) ?? NO_PAGE,
      (page: ListPage<T>) => {
        items.value = page.items
        nextCursor.value = page.nextCursor
        pageCursors.clear()
        writtenAt.clear()
        for (const item of page.items) pageCursors.set(item.id, undefined)
        wrote(page.items)
      },
    )
  }

  /** Appends the next page; answers how many items it added (0 when it failed or was outdated). */
  async function loadMore(): Promise<number> {
    if (!nextCursor.value || loadingMore.value) return 0
    loadingMore.value = true
    loadMoreError.value = null
    const mine = requests.current()
    const cursor = nextCursor.value
    try {
      // Under the first page's signal: a reload for a new filter aborts it with the page it extends.
      const page = await fetchPage(cursor, mine?.signal)
      if (!page || !requests.isLatest(mine)) return 0
      const known = new Set(items.value.map((item) => item.id))
      const added = page.items.filter((item) => !known.has(item.id))
      items.value = [...items.value, ...added]
      nextCursor.value = page.nextCursor
      for (const item of added) pageCursors.set(item.id, cursor)
      wrote(added)
      return added.length
    } catch (failure) {
      if (requests.isLatest(mine)) loadMoreError.value = failure
      return 0
    } finally {
      loadingMore.value = false
    }
  }

  /**
   * Reads again the page item `id` was read with and shows the current state of the items it holds,
   * in place: the pages loaded after the first and the user's place in them stay (a reload would
   * drop them). For a row an action was refused on because it had changed meanwhile; a failure is
   * the caller's, the rows staying as they were. A row written since it was asked keeps the newer state.
   * Newer items may have pushed the row off the end of that page (the first page's end moves with
   * them): the pages after it are read until one holds the row, or a row shown after it (it is gone),
   * PAGES_FOLLOWED of them at most (further on, a reload shows it).
   */
  async function reloadPageOf(id: string): Promise<void> {
    if (!pageCursors.has(id)) return
    const mine = requests.current()
    const askedAt = ++writes
    const place = new Map(items.value.map((item, index) => [item.id, index]))
    const rowPlace = place.get(id) ?? -1
    let cursor = pageCursors.get(id)
    for (let followed = 0; ; followed++) {
      const page = await fetchPage(cursor, mine?.signal)
      if (!page || !requests.isLatest(mine)) return
      showCurrent(page.items, askedAt)
      const found = page.items.some((item) => item.id === id)
      const passed = page.items.some((item) => (place.get(item.id) ?? -1) > rowPlace)
      if (found || passed || page.nextCursor === null || followed === PAGES_FOLLOWED) return
      cursor = page.nextCursor
    }
  }

  /** Shows the items of a page read again in place of those shown, unless written since `askedAt`. */
  function showCurrent(read: readonly T[], askedAt: number): void {
    const current = new Map(read.map((item) => [item.id, item]))
    const updated: T[] = []
    items.value = items.value.map((item) => {
      const now = current.get(item.id)
      if (!now || (writtenAt.get(item.id) ?? 0) > askedAt) return item
      updated.push(now)
      return now
    })
    // As of when it was asked: a page asked after it and answered before it stays.
    wrote(updated, askedAt)
  }

  /** Shows `item`, an action's answer, in place of the item with its id (the user's place stays). */
  function replace(item: T): void {
    items.value = items.value.map((shown) => (shown.id === item.id ? item : shown))
    wrote([item])
  }

  watch(filter, () => void reload())
  // Every item shown went (deleted, or changed out of the filter) while more pages wait: the next
  // one is read, rather than the list saying there is nothing. Not while a reload for another
  // filter is under way (its cursor would be read under the new filter), nor again after a failed
  // read: its error and Load more are shown.
  watch(
    () =>
      status.value === 'ready' &&
      !refreshing.value &&
      items.value.length === 0 &&
      nextCursor.value !== null &&
      !loadingMore.value &&
      loadMoreError.value === null,
    (emptied) => {
      if (emptied) void loadMore()
    },
  )

  return {
    items,
    nextCursor,
    status,
    error,
    refreshing,
    loadingMore,
    loadMoreError,
    reload,
    loadMore,
    reloadPageOf,
    replace,
  }
}
