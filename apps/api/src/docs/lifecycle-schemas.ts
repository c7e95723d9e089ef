import {
  AccountPolicy,
  RenewTokenInput,
  RotateTokenInput,
  UnusedPreviewQuery,
  UnusedTokensPreview,
  UpdatePolicyInput,
} from '@tokens/core'
import { documented } from './component-schemas.js'

/** The schemas of token expiry, rotation and the account policy, under the names the OpenAPI document shows. */
export const RenewBody = documented(RenewTokenInput).openapi('RenewTokenInput', {
  description:
    "The new expiry (ISO 8601 with an offset; null = never, unless the account's policy requires an expiry). It must lie in the future and within the policy's `maxLifetimeDays` from now. The credentials stay the same.",
})
export const RotateBody = documented(RotateTokenInput).openapi('RotateTokenInput', {
  description:
    'How long the previous auth token keeps working: `overlapSeconds` (3,600 to 604,800; default 86,400), or less with `confirmByTraffic`: the rotation ends as soon as the new auth token has been used and the old one then went unused for `quietSeconds` (60 to 86,400).',
})
export const Policy = documented(AccountPolicy).openapi('AccountPolicy', {
  description:
    "The account's token policy. `requireExpiry` and `maxLifetimeDays` bound the expiry of new and renewed tokens; `disableUnusedAfterDays` (null = off, or 30 to 365) disables, hourly, the enabled tokens unused (or, never used, created) that many days before, except those a manager enabled or renewed within them; `leakResponse` is what a leak reported by secret scanning does to the token (`disable`, `rotate` with the default overlap, or `notify`: nothing).",
})
export const UpdatePolicyBody = documented(UpdatePolicyInput).openapi('UpdatePolicyInput', {
  description:
    'The fields sent replace the stored ones; fields left out keep their value. Unknown fields are refused.',
})
export const UnusedPreviewParams = documented(UnusedPreviewQuery).openapi('UnusedPreviewQuery', {
  description:
    'Days to preview (30 to 365) before saving them; the saved `disableUnusedAfterDays` when omitted.',
})
export const UnusedPreview = documented(UnusedTokensPreview).openapi('UnusedTokensPreview', {
  description:
    'The dry run of the unused-token policy: the tokens a run now would disable (oldest use first, at most 200; `total` counts them all), by the same query the job uses. `days` is null when none was asked for and the policy is off (then nothing is listed).',
})
