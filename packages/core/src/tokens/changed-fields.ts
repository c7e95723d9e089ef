import type { TokenUpdateDetails } from '../audit/audit-schemas.js'

/** The editable fields of a scoped token, as an update reads them before and writes them after. */
export interface EditableTokenFields {
  name: string
  description: string
  apiVersion: string
  primaryContactUserId: string | null
  scopes: readonly string[]
  developerEmails: readonly string[]
  rateLimitPerHour: number
}

/** TokenUpdateDetails as stored: an absent key is left out, never written as undefined. */
export type TokenChanges = { [K in keyof TokenUpdateDetails]: Exclude<TokenUpdateDetails[K], undefined> }

function sameSequence(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index])
}

/**
 * What an update changed, as its audit event records it: the changed fields in a fixed order,
 * with the scopes added and removed (a set: catalog order is not a change), and the previous and
 * new version and rate limit. Developer e-mails keep their order, so a reordering is a change.
 * Imports only a type, so no zod comes with it.
 */
export function changedFields(before: EditableTokenFields, after: EditableTokenFields): TokenChanges {
  const details: TokenChanges = { fields: [] }
  if (after.apiVersion !== before.apiVersion) {
    details.fromApiVersion = before.apiVersion
    details.toApiVersion = after.apiVersion
    details.fields.push('apiVersion')
  }
  if (after.primaryContactUserId !== before.primaryContactUserId) details.fields.push('primaryContactUserId')
  const added = after.scopes.filter((scope) => !before.scopes.includes(scope))
  const removed = before.scopes.filter((scope) => !after.scopes.includes(scope))
  if (added.length > 0 || removed.length > 0) {
    details.scopesAdded = added
    details.scopesRemoved = removed
    details.fields.push('scopes')
  }
  if (!sameSequence(before.developerEmails, after.developerEmails)) details.fields.push('developerEmails')
  if (after.name !== before.name) details.fields.push('name')
  if (after.description !== before.description) details.fields.push('description')
  if (after.rateLimitPerHour !== before.rateLimitPerHour) {
    details.fromRateLimitPerHour = before.rateLimitPerHour
    details.toRateLimitPerHour = after.rateLimitPerHour
    details.fields.push('rateLimitPerHour')
  }
  return details
}
