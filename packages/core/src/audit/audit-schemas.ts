import { z } from 'zod'
import { DAY_MS } from '../time/durations.js'

export const AUDIT_ACTIONS = [
  'session.login',
  'session.login_failed',
  'session.logout',
  'legacy.enable',
  'legacy.reset',
  'legacy.upgrade',
  'legacy.reveal',
  'token.create',
  'token.update',
  'token.duplicate',
  'token.reset',
  'token.upgrade',
  'token.disable',
  'token.enable',
  'token.delete',
  'token.reveal',
  'token.renew',
  'token.rotation_started',
  'token.rotation_completed',
  'policy.update',
  'token.leaked',
  'token.leak_handled',
  'credential.check',
  'key.rotate',
  'webhook.create',
  'webhook.update',
  'webhook.delete',
  'webhook.resend',
  'email.resend',
] as const
export const AuditAction = z.enum(AUDIT_ACTIONS)
export type AuditAction = z.infer<typeof AuditAction>

/** Who did it: a signed-in user, or an integration acting through a token (platform API). */
export const AuditActor = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), userId: z.string() }),
  z.object({ type: z.literal('token'), tokenId: z.string() }),
  z.object({ type: z.literal('system') }),
])
export type AuditActor = z.infer<typeof AuditActor>

/** The id of the user or token that acted; null when the system did. */
export function actorIdOf(actor: AuditActor): string | null {
  return actor.type === 'user' ? actor.userId : actor.type === 'token' ? actor.tokenId : null
}

/**
 * What an event's target token is: a scoped token (it has its own page) or one of the account's
 * legacy credentials (they share the legacy page), whatever the action (`token.leaked`, a resend).
 */
export const AUDIT_TARGET_KINDS = ['scoped', 'legacy'] as const
export const AuditTargetKind = z.enum(AUDIT_TARGET_KINDS)
export type AuditTargetKind = z.infer<typeof AuditTargetKind>

export const AuditEventView = z.object({
  id: z.string(),
  action: AuditAction,
  actor: AuditActor,
  tokenId: z.string().nullable(),
  at: z.iso.datetime(),
  ip: z.string().nullable(),
  /** The actor's name now: the user's, or the acting token's while it exists; null otherwise. */
  actorName: z.string().nullable(),
  /** The target token's name while it exists; once deleted, `details.name` keeps the name it had. */
  tokenName: z.string().nullable(),
  /**
   * The target token's kind while it exists; null with no target or once deleted (only scoped
   * tokens are ever deleted: a legacy credential's row stays while the account does).
   */
  tokenKind: AuditTargetKind.nullable(),
  details: z.record(
    z.string(),
    z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]),
  ),
})
export type AuditEventView = z.infer<typeof AuditEventView>

/**
 * The details of a `token.update` event: which fields changed, and for the token's access exactly
 * how: the scopes added and removed, the rate limit before and after, the version upgraded from and
 * to. Never a secret.
 */
export const TokenUpdateDetails = z.object({
  fields: z.array(z.string()),
  scopesAdded: z.array(z.string()).optional(),
  scopesRemoved: z.array(z.string()).optional(),
  fromRateLimitPerHour: z.number().int().optional(),
  toRateLimitPerHour: z.number().int().optional(),
  fromApiVersion: z.string().optional(),
  toApiVersion: z.string().optional(),
})
export type TokenUpdateDetails = z.infer<typeof TokenUpdateDetails>

/** Who an event's actor filter names: a user id, a token id, or `system`. */
export const AuditActorFilter = z.union([
  z.literal('system'),
  z
    .string()
    .max(64)
    .regex(/^(usr|tok)_[A-Za-z0-9]+$/),
])

/**
 * A bound of the date filter: a calendar date (a whole UTC day) or an instant with its offset. The
 * SPA sends the instants where the user's local day starts and ends, so a day means their day.
 */
export const AuditTimeBound = z.union([z.iso.date(), z.iso.datetime({ offset: true })])

/**
 * The instant a bound stands for: `from` is inclusive (a date: its first instant); `to` is
 * exclusive (a date: the first instant of the next day, so the whole day is in). Null when the
 * text names no real instant (2026-02-30).
 */
export function auditBoundOf(value: string, edge: 'from' | 'to'): string | null {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value)
  const start = Date.parse(dateOnly ? `${value}T00:00:00.000Z` : value)
  if (Number.isNaN(start)) return null
  // A date that does not read back the same (February 30th rolls over into March) names no day.
  if (dateOnly && new Date(start).toISOString().slice(0, 10) !== value) return null
  const instant = new Date(dateOnly && edge === 'to' ? start + DAY_MS : start)
  const year = instant.getUTCFullYear()
  return year < 1 || year > 9999 ? null : instant.toISOString()
}

/** Empty strings (a cleared filter in a URL, `?tokenId=&actor=`) mean "no filter". */
const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value)
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional())

const AuditFilterFields = z.strictObject({
  tokenId: optional(
    z
      .string()
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/),
  ),
  actor: optional(AuditActorFilter),
  action: optional(AuditAction),
  from: optional(AuditTimeBound),
  to: optional(AuditTimeBound),
  cursor: optional(z.string().max(200)),
  limit: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(200).default(50)),
})

function checkWindow(filter: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx) {
  const from = filter.from === undefined ? undefined : auditBoundOf(filter.from, 'from')
  const to = filter.to === undefined ? undefined : auditBoundOf(filter.to, 'to')
  if (from === null) ctx.addIssue({ code: 'custom', path: ['from'], message: 'invalid' })
  if (to === null) ctx.addIssue({ code: 'custom', path: ['to'], message: 'invalid' })
  if (from && to && to <= from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'notAfterFrom' })
}

/**
 * The audit trail's filters (each narrows; they combine) and its keyset page. `to` is exclusive
 * for an instant and takes the whole day for a date; it must come after `from`.
 */
export const AuditFilter = AuditFilterFields.superRefine(checkWindow)
export type AuditFilter = z.output<typeof AuditFilter>
export type AuditFilterInput = z.input<typeof AuditFilter>

export const AUDIT_EXPORT_FORMATS = ['json', 'csv'] as const
/** The admin list's query: the filters, and `format=csv` for the whole filtered set as a file. */
export const AuditQuery = AuditFilterFields.extend({
  format: z.enum(AUDIT_EXPORT_FORMATS).default('json'),
}).superRefine(checkWindow)
export type AuditQuery = z.output<typeof AuditQuery>
export type AuditQueryInput = z.input<typeof AuditQuery>
