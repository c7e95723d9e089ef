import { type Expression, expressionBuilder, type SqlBool } from 'kysely'
import type { DatabaseSchema } from '../database/schema.js'

/**
 * Whether `recipient` is on the token now: its primary contact's address or one of its developer
 * e-mails (all stored lower-case). The one rule for who may still be mailed about a token: someone
 * taken off it since (a developer gone, another primary contact) is not. The sender drops such an
 * e-mail unsent, a resend to them is refused, and a dropped notice queued again skips them. An SQL
 * expression rather than a list of addresses, so the sender's check rides the one query each
 * attempt makes already. False once the token is deleted (its rows are gone).
 */
export function isRecipientOnToken(
  tokenId: Expression<string | null>,
  recipient: Expression<string | null>,
): Expression<SqlBool> {
  // A builder of its own: the expression goes into queries whose tables carry other aliases.
  const eb = expressionBuilder<DatabaseSchema, never>()
  return eb.or([
    eb.exists(
      eb
        .selectFrom('tokens as on_token')
        .innerJoin('users as contact', 'contact.id', 'on_token.primary_contact_user_id')
        .select('on_token.id')
        .where('on_token.id', '=', tokenId)
        .where('contact.email', '=', recipient),
    ),
    eb.exists(
      eb
        .selectFrom('token_developer_emails as developer')
        .select('developer.token_id')
        .where('developer.token_id', '=', tokenId)
        .where('developer.email', '=', recipient),
    ),
  ])
}
