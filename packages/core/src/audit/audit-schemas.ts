import { z } from 'zod'

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

export const AuditEventView = z.object({
  id: z.string(),
  action: AuditAction,
  actor: AuditActor,
  tokenId: z.string().nullable(),
  at: z.iso.datetime(),
  ip: z.string().nullable(),
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

export const AuditFilter = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type AuditFilter = z.output<typeof AuditFilter>
export type AuditFilterInput = z.input<typeof AuditFilter>
