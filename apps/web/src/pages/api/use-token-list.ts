import { matchesTokenFilter, type TokenView } from '@tokens/core'
import type { Ref } from 'vue'
import type { AdminApi } from '../../api/admin-api'
import { usePagedList } from '../../composables/use-paged-list'
import type { TokenFilterQuery } from './token-filter-query'

export const TOKEN_PAGE_SIZE = 20

/**
 * The API page's token list for the current filter, paged; earlier results stay on screen while a
 * changed filter reloads, and the results of card actions apply in place.
 */
export function useTokenList(api: AdminApi, filter: Ref<TokenFilterQuery>) {
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
  const list = usePagedList<TokenView>(filter, (cursor, signal) => api.tokens.list(query(cursor), signal), {
    keepWhileRefreshing: true,
  })
  const { items } = list

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

  return { ...list, replace, remove }
}
