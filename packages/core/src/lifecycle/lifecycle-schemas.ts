import { z } from 'zod'

/** An expiry as sent: an ISO-8601 date-time with an offset; stored and answered as UTC with milliseconds. */
export const ExpiresAt = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value).toISOString())
  .nullable()

/** POST /api/tokens/:id/renew: a new expiry (null = never, where the policy allows it), same credentials. */
export const RenewTokenInput = z.strictObject({ expiresAt: ExpiresAt })
export type RenewTokenInput = z.input<typeof RenewTokenInput>

export const ROTATION_OVERLAP_MIN_SECONDS = 3_600
export const ROTATION_OVERLAP_MAX_SECONDS = 7 * 86_400
export const ROTATION_OVERLAP_DEFAULT_SECONDS = 86_400
export const ROTATION_QUIET_MIN_SECONDS = 60
export const ROTATION_QUIET_MAX_SECONDS = 86_400

/**
 * POST /api/tokens/:id/rotate. The old auth token keeps working until the overlap ends or, with
 * `confirmByTraffic`, until the new one was used and the old one was not for `quietSeconds`.
 */
export const RotateTokenInput = z.strictObject({
  overlapSeconds: z
    .number()
    .int()
    .min(ROTATION_OVERLAP_MIN_SECONDS)
    .max(ROTATION_OVERLAP_MAX_SECONDS)
    .optional(),
  confirmByTraffic: z
    .strictObject({
      quietSeconds: z.number().int().min(ROTATION_QUIET_MIN_SECONDS).max(ROTATION_QUIET_MAX_SECONDS),
    })
    .optional(),
})
export type RotateTokenInput = z.input<typeof RotateTokenInput>

/** How a rotation ended: its overlap ran out, traffic confirmed it, a manager retired the old secret, or a reset. */
export const ROTATION_ENDINGS = ['time', 'traffic', 'retired', 'reset', 'deleted'] as const
export type RotationEnding = (typeof ROTATION_ENDINGS)[number]

/** A rotation in progress, as token JSON shows it. */
export const RotationView = z.object({
  startedAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  confirmByTraffic: z.object({ quietSeconds: z.number().int() }).nullable(),
  oldLastUsedAt: z.iso.datetime().nullable(),
  newLastUsedAt: z.iso.datetime().nullable(),
})
export type RotationView = z.infer<typeof RotationView>

export const LEAK_RESPONSES = ['disable', 'rotate', 'notify'] as const
export const LeakResponse = z.enum(LEAK_RESPONSES)
export type LeakResponse = z.infer<typeof LeakResponse>

export const POLICY_DAYS_MAX = 3_650
const PolicyDays = z.number().int().min(1).max(POLICY_DAYS_MAX).nullable()

/** "Disable tokens unused for N days": off (null) or 30 to 365 days. */
export const UNUSED_DAYS_MIN = 30
export const UNUSED_DAYS_MAX = 365
const UnusedDays = z.number().int().min(UNUSED_DAYS_MIN).max(UNUSED_DAYS_MAX)

/** An account's token policy, as GET /api/policies answers it. */
export const AccountPolicy = z.object({
  /** New tokens must carry an expiry. */
  requireExpiry: z.boolean(),
  /** The latest expiry a new or renewed token may get, in days from now (null = no bound). */
  maxLifetimeDays: PolicyDays,
  /** Enabled scoped tokens unused this many days get disabled (server/lifecycle/disable-unused-tokens-job.ts). */
  disableUnusedAfterDays: UnusedDays.nullable(),
  /** What a reported leak does to the token (server/leaks/leak-service.ts). */
  leakResponse: LeakResponse,
})
export type AccountPolicy = z.infer<typeof AccountPolicy>

export const DEFAULT_ACCOUNT_POLICY: AccountPolicy = {
  requireExpiry: false,
  maxLifetimeDays: null,
  disableUnusedAfterDays: null,
  leakResponse: 'disable',
}

/** PUT /api/policies: the fields sent replace the stored ones; fields left out keep their value. */
export const UpdatePolicyInput = z.strictObject({
  requireExpiry: z.boolean().optional(),
  maxLifetimeDays: PolicyDays.optional(),
  disableUnusedAfterDays: UnusedDays.nullable().optional(),
  leakResponse: LeakResponse.optional(),
})
export type UpdatePolicyInput = z.input<typeof UpdatePolicyInput>

export const PolicyEnvelope = z.object({ policy: AccountPolicy })
export type PolicyEnvelope = z.infer<typeof PolicyEnvelope>

/** GET /api/policies/unused-preview: a number of days to try before saving it; the saved one by default. */
export const UnusedPreviewQuery = z.strictObject({
  days: z.coerce.number().int().min(UNUSED_DAYS_MIN).max(UNUSED_DAYS_MAX).optional(),
})
export type UnusedPreviewQuery = z.input<typeof UnusedPreviewQuery>

/** A token the unused-token policy would disable, and what it was judged by. */
export const UnusedToken = z.object({
  id: z.string(),
  name: z.string(),
  /** null: never used; then its creation counts. */
  lastUsedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
})
export type UnusedToken = z.infer<typeof UnusedToken>

/** The most tokens a preview lists; `total` counts them all. */
export const UNUSED_PREVIEW_LIMIT = 200

/**
 * The dry run of the unused-token policy: the tokens its next run would disable now (oldest use
 * first, at most UNUSED_PREVIEW_LIMIT), for `days` (null: the policy is off and nothing was asked).
 */
export const UnusedTokensPreview = z.object({
  days: UnusedDays.nullable(),
  total: z.number().int(),
  items: z.array(UnusedToken),
})
export type UnusedTokensPreview = z.infer<typeof UnusedTokensPreview>
