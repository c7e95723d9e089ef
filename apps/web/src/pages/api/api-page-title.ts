import type { AccountKind } from '@tokens/core'
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { useSessionStore } from '../../stores/session-store'

/** Agencies know the API page as "Platform REST Web Services"; brands and partners as "API". */
export function apiPageTitleKey(kind: AccountKind | undefined): string {
  return kind === 'agency' ? 'apiPage.title.agency' : 'apiPage.title.default'
}

/**
 * The signed-in account's kind (a brand until the session is known) and the API page's title as
 * that kind knows it, for the API page and the pages that lead back to it.
 */
export function useApiPageTitle(): { kind: ComputedRef<AccountKind>; apiTitle: ComputedRef<string> } {
  const session = useSessionStore()
  const { t } = useI18n()
  const kind = computed(() => session.account?.kind ?? 'brand')
  return { kind, apiTitle: computed(() => t(apiPageTitleKey(kind.value))) }
}
