import type { TokenView, UserSummary } from '@tokens/core'
import { onMounted, shallowRef } from 'vue'
import type { AdminApi } from '../../api/admin-api'

/** Tokens fetched per request for the picker; the API's largest page. */
const PICKER_PAGE = 200

/**
 * What the token and actor pickers offer: the account's users and every token, in name order. A
 * failure leaves a picker with "any" only; the trail itself still loads and filters by URL.
 */
export function useAuditPickers(api: AdminApi) {
  const users = shallowRef<UserSummary[]>([])
  const tokens = shallowRef<Pick<TokenView, 'id' | 'name'>[]>([])

  async function loadTokens(): Promise<void> {
    const all: Pick<TokenView, 'id' | 'name'>[] = []
    let cursor: string | undefined
    do {
      const page = await api.tokens.list({ limit: PICKER_PAGE, ...(cursor ? { cursor } : {}) })
      all.push(...page.items.map(({ id, name }) => ({ id, name })))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    tokens.value = all.sort((a, b) => a.name.localeCompare(b.name))
  }

  onMounted(() => {
    void api.users.list().then(
      (list) => (users.value = list),
      () => undefined,
    )
    void loadTokens().catch(() => undefined)
  })
  return { users, tokens }
}
