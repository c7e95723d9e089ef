import { matchesTokenFilter, type TokenView } from '@tokens/core'
import { ref, shallowRef, watch, type Ref } from 'vue'
import type { AdminApi } from '../../api/admin-api'
import type { TokenFilterQuery } from './token-filter-query'

export const TOKEN_PAGE_SIZE = 20

/**
 * The API page's token list: loads the first page for the current filter (dropping answers to
 * filters the user has since changed), pages on with the keyset cursor, and applies the results
 * of card actions in place.
 */
export function useTokenList(api: AdminApi, filter: Ref<TokenFilterQuery>) {
  const items = ref<TokenView[]>([])
  const nextCursor = ref<string | null>(null)
  const status = ref<'loading' | 'ready' | 'error'>('loading')
  const error = shallowRef<unknown>(null)
  /** A reload for a changed filter while earlier results stay on screen. */
  const refreshing = ref(false)
  const loadingMore = ref(false)
  const loadMoreError = shallowRef<unknown>(null)
  let controller: AbortController | null = null

  function query(cursor?: string) {
    const current = filter.value
    return {
      name: current.name.trim() || undefined,
      created: current.created,
      state: current.state,
      limit: TOKEN_PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    }
  }

  async function reload(): Promise<void> {
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    if (status.value !== 'ready') status.value = 'loading'
    refreshing.value = true
    error.value = null
    try {
      const page = await api.tokens.list(query(), mine.signal)
      if (controller !== mine) return
      items.value = page.items
      nextCursor.value = page.nextCursor
      status.value = 'ready'
    } catch (failure) {
      if (controller !== mine) return
      error.value = failure
      status.value = 'error'
    } finally {
      if (controller === mine) refreshing.value = false
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || loadingMore.value) return
    loadingMore.value = true
    loadMoreError.value = null
    const mine = controller
    try {
      const page = await api.tokens.list(query(nextCursor.value))
      if (controller !== mine) return
      const known = new Set(items.value.map((token) => token.id))
      items.value = [...items.value, ...page.items.filter((token) => !known.has(token.id))]
      nextCursor.value = page.nextCursor
    } catch (failure) {
      loadMoreError.value = failure
    } finally {
      loadingMore.value = false
    }
  }

  /** A card action changed a token: show the change, or drop the card if it no longer matches the filter. */
  function replace(token: TokenView): void {
    const current = filter.value
    const stillMatches = matchesTokenFilter(
      token,
      { name: current.name.trim() || undefined, created: current.created, state: current.state },
      new Date(),
    )
    items.value = stillMatches
      ? items.value.map((item) => (item.id === token.id ? token : item))
      : items.value.filter((item) => item.id !== token.id)
  }

  function remove(id: string): void {
    items.value = items.value.filter((item) => item.id !== id)
  }

  watch(filter, () => void reload())

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
    replace,
    remove,
  }
}
