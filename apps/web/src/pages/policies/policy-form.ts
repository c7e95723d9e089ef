import {
  LEAK_RESPONSES,
  POLICY_DAYS_MAX,
  type AccountPolicy,
  type LeakResponse,
  type UpdatePolicyInput,
} from '@tokens/core'

/** "Disable unused tokens after" choices (off by default), within 30 to 365 days. */
export const UNUSED_DAYS_CHOICES = [30, 60, 90, 180, 365] as const
export const UNUSED_OFF = 'off'

/** The Token policies form as its controls hold it. */
export interface PolicyForm {
  requireExpiry: boolean
  /** Days as typed; empty means no maximum lifetime. */
  maxLifetimeDays: string
  /** A number of days, or UNUSED_OFF. */
  disableUnusedAfterDays: string
  leakResponse: LeakResponse
}

export function policyFormOf(policy: AccountPolicy): PolicyForm {
  return {
    requireExpiry: policy.requireExpiry,
    maxLifetimeDays: policy.maxLifetimeDays === null ? '' : String(policy.maxLifetimeDays),
    disableUnusedAfterDays:
      policy.disableUnusedAfterDays === null ? UNUSED_OFF : String(policy.disableUnusedAfterDays),
    leakResponse: policy.leakResponse,
  }
}

/** Whether the form holds changes to `policy` not saved yet (what leaving the page would lose). */
export function isPolicyFormChanged(form: PolicyForm, policy: AccountPolicy): boolean {
  const saved = policyFormOf(policy)
  return (Object.keys(saved) as (keyof PolicyForm)[]).some((field) => form[field] !== saved[field])
}

/**
 * The form once `saved` is stored: a field still as it was `sent` shows what was saved, one edited
 * while the save was under way keeps the edit (to be saved next).
 */
export function policyFormAfterSave(saved: AccountPolicy, sent: PolicyForm, current: PolicyForm): PolicyForm {
  const stored = policyFormOf(saved)
  const fields = Object.keys(stored) as (keyof PolicyForm)[]
  return Object.fromEntries(
    fields.map((field) => [field, current[field] === sent[field] ? stored[field] : current[field]]),
  ) as unknown as PolicyForm
}

/** The unused-days choices to offer: the fixed ones, plus a stored value outside them (set through the API). */
export function unusedDaysChoicesOf(current: number | null): number[] {
  const choices: number[] = [...UNUSED_DAYS_CHOICES]
  if (current !== null && !choices.includes(current)) choices.push(current)
  return choices.sort((a, b) => a - b)
}

export type PolicyRequest = { ok: true; request: UpdatePolicyInput } | { ok: false; field: 'maxLifetimeDays' }

/**
 * The PUT /api/policies body for the form: only the fields changed from `stored`, the policy the
 * form was loaded from, as the token page sends only its changed fields. Another manager's save
 * of another field meanwhile stands. Or the field the core would refuse.
 */
export function policyRequestOf(form: PolicyForm, stored: AccountPolicy): PolicyRequest {
  const result = fullPolicyRequestOf(form)
  if (!result.ok) return result
  const request = result.request as Required<UpdatePolicyInput>
  const fields = (Object.keys(request) as (keyof AccountPolicy)[]).filter(
    (field) => request[field] !== stored[field],
  )
  return { ok: true, request: Object.fromEntries(fields.map((field) => [field, request[field]])) }
}

/**
 * The days of a request that makes "disable unused tokens" stricter than `stored` (turned on, or
 * fewer days): the hourly job may then disable tokens within the hour, so the page names them and
 * asks first. Null when the request leaves it as strict or makes it laxer.
 */
export function stricterUnusedDaysOf(request: UpdatePolicyInput, stored: AccountPolicy): number | null {
  const days = request.disableUnusedAfterDays
  if (days === undefined || days === null) return null
  const before = stored.disableUnusedAfterDays
  return before === null || days < before ? days : null
}

function fullPolicyRequestOf(form: PolicyForm): PolicyRequest {
  const typed = form.maxLifetimeDays.trim()
  const maxLifetimeDays = typed === '' ? null : Number(typed)
  if (
    maxLifetimeDays !== null &&
    (!/^\d+$/.test(typed) || maxLifetimeDays < 1 || maxLifetimeDays > POLICY_DAYS_MAX)
  ) {
    return { ok: false, field: 'maxLifetimeDays' }
  }
  const unused = form.disableUnusedAfterDays === UNUSED_OFF ? null : Number(form.disableUnusedAfterDays)
  return {
    ok: true,
    request: {
      requireExpiry: form.requireExpiry,
      maxLifetimeDays,
      disableUnusedAfterDays: unused,
      leakResponse: LEAK_RESPONSES.includes(form.leakResponse) ? form.leakResponse : 'disable',
    },
  }
}
