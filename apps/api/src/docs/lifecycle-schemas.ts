import { AccountPolicy, RenewTokenInput, RotateTokenInput, UpdatePolicyInput } from '@tokens/core'
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
    "The account's token policy. `requireExpiry` and `maxLifetimeDays` bound the expiry of new and renewed tokens; `disableUnusedAfterDays` is stored for the unused-token feature; `leakResponse` is what a leak reported by secret scanning does to the token (`disable`, `rotate` with the default overlap, or `notify`: nothing).",
})
export const UpdatePolicyBody = documented(UpdatePolicyInput).openapi('UpdatePolicyInput', {
  description:
    'The fields sent replace the stored ones; fields left out keep their value. Unknown fields are refused.',
})
