import type { AccountKind } from '@tokens/core'

/** Agencies know the API page as "Platform REST Web Services"; brands and partners as "API". */
export function apiPageTitleKey(kind: AccountKind | undefined): string {
  return kind === 'agency' ? 'apiPage.title.agency' : 'apiPage.title.default'
}
