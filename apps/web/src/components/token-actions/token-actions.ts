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
 * The [More] menu of a token card, in the order of the help-centre's menu reference. Disable and
 * Enable follow the token's switch (`disabled`), which its expiry does not change: a disabled token
 * stays refused after a renewal, so an expired one offers Enable too (the leak banner's next step),
 * and an expired enabled one offers Disable, so that renewing it later does not bring it back.
 */
export function tokenMenuActions(
  kind: AccountKind,
  token: Pick<TokenView, 'apiVersion' | 'disabled'>,
): TokenAction[] {
  return [
    'duplicate',
    'reset',
    ...(isLatestApiVersion(kind, token.apiVersion) ? [] : (['upgrade'] as const)),
    token.disabled ? 'enable' : 'disable',
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
