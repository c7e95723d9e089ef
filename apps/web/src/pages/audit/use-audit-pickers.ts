import type { LegacyAccess, TokenView, UserSummary } from '@tokens/core'
import { onMounted, shallowRef } from 'vue'
import type { AdminApi } from '../../api/admin-api'

/** Tokens fetched per request for the picker; the API's largest page. */
const PICKER_PAGE = 200

/** A legacy credential of the account: shown by its access, in the language of the moment. */
export interface LegacyCredentialId {
  id: string
  access: LegacyAccess
}

/**
 * What the token and actor pickers offer: the account's users, every scoped token in name order and
 * the legacy credentials once enabled (the token list has scoped tokens only). A failure leaves a
 * picker without them; the trail itself still loads and filters by URL.
 */
export function useAuditPickers(api: AdminApi) {
  const users = shallowRef<UserSummary[]>([])
  const tokens = shallowRef<Pick<TokenView, 'id' | 'name'>[]>([])
  const legacy = shallowRef<LegacyCredentialId[]>([])

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
    void api.legacy.get().then(
      (view) =>
        (legacy.value = view.enabled
          ? [
              { id: view.readWrite.id, access: 'read_write' },
              { id: view.readOnly.id, access: 'read_only' },
            ]
          : []),
      () => undefined,
    )
  })
  return { users, tokens, legacy }
}
