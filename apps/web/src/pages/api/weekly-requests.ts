import type { AccountUsage } from '@tokens/core'
import { onMounted, shallowRef, type ShallowRef } from 'vue'
import type { AdminApi } from '../../api/admin-api'

/**
 * Requests per token in the last 7 days, from one GET /api/usage (which lists every token with
 * traffic): a token it does not list made none. Not one request per card.
 */
export function requestsByTokenOf(usage: Pick<AccountUsage, 'tokens'>): Map<string, number> {
  return new Map(usage.tokens.map((token) => [token.tokenId, token.total]))
}

export interface WeeklyRequests {
  /** The token's requests in 7 days; null until known (or when usage could not be read). */
  of(tokenId: string): number | null
  byToken: Readonly<ShallowRef<Map<string, number> | null>>
}

export function useWeeklyRequests(api: AdminApi): WeeklyRequests {
  const byToken = shallowRef<Map<string, number> | null>(null)
  onMounted(async () => {
    try {
      byToken.value = requestsByTokenOf(await api.usage.account('7d'))
    } catch {
      // The cards keep their other facts; the figure is an extra that can wait for the next visit.
      byToken.value = null
    }
  })
  return { of: (tokenId) => (byToken.value ? (byToken.value.get(tokenId) ?? 0) : null), byToken }
}
