import { isLatestApiVersion, type AccountKind, type TokenView } from '@tokens/core'

export type TokenAction = 'duplicate' | 'reset' | 'upgrade' | 'disable' | 'enable' | 'delete'

/**
 * The [More] menu of a token card, in the order of the help-centre's menu reference. An expired
 * token offers neither Enable nor Disable: neither would let it verify again, Renew (on its
 * Overview) does.
 */
export function tokenMenuActions(
  kind: AccountKind,
  token: Pick<TokenView, 'apiVersion' | 'state'>,
): TokenAction[] {
  return [
    'duplicate',
    'reset',
    ...(isLatestApiVersion(kind, token.apiVersion) ? [] : (['upgrade'] as const)),
    ...(token.state === 'expired' ? [] : ([token.state === 'enabled' ? 'disable' : 'enable'] as const)),
    'delete',
  ]
}

/** What Duplicate copies from the source (the core's duplicate), named in its confirmation. */
export const DUPLICATED_SETTINGS = [
  'name',
  'description',
  'scopes',
  'contacts',
  'apiVersion',
  'rateLimit',
] as const
