import { auditedWebhookNameOf, type AuditEventView } from '@tokens/core'

/** Who did it, as the trail shows it: a person, a token acting over the platform API, or the system. */
export type AuditActorText =
  | { kind: 'user'; name: string }
  | { kind: 'token'; name: string }
  | { kind: 'system' }
  | { kind: 'removedUser'; id: string }
  | { kind: 'deletedToken'; id: string }

/**
 * A legacy credential's name in the language shown, by its token id; undefined for any other id.
 * The core answers the stored name ("Read/Write"), which only identifies the row.
 */
export type LegacyNameOf = (tokenId: string) => string | undefined

export function auditActorOf(event: AuditEventView, legacyNameOf: LegacyNameOf): AuditActorText {
  const { actor } = event
  if (actor.type === 'system') return { kind: 'system' }
  const id = actor.type === 'user' ? actor.userId : actor.tokenId
  // No name: the user was removed, or the token deleted (its row goes with it).
  if (event.actorName === null) return { kind: actor.type === 'user' ? 'removedUser' : 'deletedToken', id }
  if (actor.type === 'user') return { kind: 'user', name: event.actorName }
  return { kind: 'token', name: legacyNameOf(id) ?? event.actorName }
}

/**
 * What it was done to: a token that still exists (linked to its page; legacy credentials to theirs,
 * as the core tells them apart, whatever the action), a deleted token by the name it had, a webhook
 * by the name the core gives it (not linked: the trail does not know whether it still exists), or
 * nothing (a sign-in, a policy change).
 */
export type AuditTargetText =
  | { kind: 'token'; id: string; name: string }
  | { kind: 'legacy'; name: string }
  | { kind: 'deleted'; name: string }
  | { kind: 'webhook'; name: string }
  | { kind: 'none' }

export function auditTargetOf(event: AuditEventView, legacyNameOf: LegacyNameOf): AuditTargetText {
  const { tokenId, tokenName: name, tokenKind } = event
  if (tokenId === null) {
    const webhook = auditedWebhookNameOf(event)
    return webhook === null ? { kind: 'none' } : { kind: 'webhook', name: webhook }
  }
  if (tokenKind === 'legacy' && name !== null) return { kind: 'legacy', name: legacyNameOf(tokenId) ?? name }
  if (tokenKind === 'scoped' && name !== null) return { kind: 'token', id: tokenId, name }
  const formerName = event.details['name']
  return { kind: 'deleted', name: typeof formerName === 'string' ? formerName : tokenId }
}
