import type { Executor } from '../database/schema.js'

const EXPIRY_NOTICE_TYPES: readonly string[] = ['token.expiring', 'token.expired']

/**
 * Whether an event still says something true when its e-mail goes out. An expiry notice is a
 * reminder to act on a date; one queued (a mail server down, retries) when its token was renewed,
 * disabled or deleted would send its reader to act on nothing, so it holds only while the token
 * exists, is enabled and still expires at the notice's date (a renewed token gets notices of its
 * own, with their own dedupe keys), and a `token.expiring` only until that date (the
 * `token.expired` notice takes over). Every other event is a fact that stays true.
 */
export async function isExpiryNoticeCurrent(
  db: Executor,
  event: { type: string; token_id: string | null; data: string },
  now: Date,
): Promise<boolean> {
  if (!EXPIRY_NOTICE_TYPES.includes(event.type) || event.token_id === null) return true
  const { expiresAt } = JSON.parse(event.data) as { expiresAt?: unknown }
  if (typeof expiresAt !== 'string') return true
  if (event.type === 'token.expiring' && Date.parse(expiresAt) <= now.getTime()) return false
  return (await tokenStillExpiringAt(db, event.token_id, expiresAt).executeTakeFirst()) !== undefined
}

/**
 * The token, while it is enabled and still expires at `expiresAt`: what a notice about that date
 * needs to hold, when it is enqueued (expiry-notices.ts) and when its e-mail goes out.
 */
export function tokenStillExpiringAt(db: Executor, tokenId: string, expiresAt: string) {
  return db
    .selectFrom('tokens')
    .select('id')
    .where('id', '=', tokenId)
    .where('state', '=', 'enabled')
    .where('expires_at', '=', expiresAt)
}
