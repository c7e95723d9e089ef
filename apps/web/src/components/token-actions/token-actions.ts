import { isLatestApiVersion, type AccountKind, type TokenView } from '@tokens/core'

export type TokenAction = 'duplicate' | 'reset' | 'upgrade' | 'disable' | 'enable' | 'delete'

/**
 * The actions asked first (all but Enable), each with its dialog's tone: danger where what it does
 * cannot be taken back (new credentials, a disabled or deleted token). Each is worded by
 * `dialogs.<action>.title`, `.description` and `.confirm`.
 */
export const CONFIRMED_ACTION_TONES = {
  duplicate: 'default',
  reset: 'danger',
  upgrade: 'default',
  disable: 'danger',
  delete: 'danger',
} as const satisfies Record<Exclude<TokenAction, 'enable'>, 'default' | 'danger'>

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
