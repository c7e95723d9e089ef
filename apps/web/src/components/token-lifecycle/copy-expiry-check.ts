import { expiresAtOf, type ExpiryDraft, type ExpiryPolicy } from './token-expiry'
import { expiryMessageWith } from './use-expiry-message'

/**
 * The expiry a duplicate sends, or why the policy refuses it, worded by `refusal` where it is shown
 * (so in the language shown). Loaded with the expiry field (the Duplicate dialog's confirm waits for
 * both), so the API page's initial load does not carry it.
 */
export function checkCopyExpiry(
  draft: ExpiryDraft,
  policy: ExpiryPolicy,
): { expiresAt: string | null } | { refusal: (...wording: Parameters<typeof expiryMessageWith>) => string } {
  const result = expiresAtOf(draft, policy, new Date())
  return result.ok
    ? { expiresAt: result.expiresAt }
    : { refusal: (...wording) => expiryMessageWith(...wording)(result.refusal, policy) }
}
