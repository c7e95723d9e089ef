import { expiresAtOf, type ExpiryDraft, type ExpiryPolicy } from './token-expiry'
import { expiryMessageWith } from './use-expiry-message'

/**
 * The expiry a duplicate sends, or why the policy refuses it, worded. Loaded with the expiry field
 * (the Duplicate dialog's confirm waits for both), so the API page's initial load does not carry it.
 */
export function checkCopyExpiry(
  draft: ExpiryDraft,
  policy: ExpiryPolicy,
  ...wording: Parameters<typeof expiryMessageWith>
): { expiresAt: string | null } | { refusal: string } {
  const result = expiresAtOf(draft, policy, new Date())
  return result.ok
    ? { expiresAt: result.expiresAt }
    : { refusal: expiryMessageWith(...wording)(result.refusal, policy) }
}
