import { isApiError } from '../../api/api-error'

/**
 * The server refused a resend for the delivery's state now (409: DeliveryPending, another manager
 * having resent it first; NoticeSuperseded; RecipientRemoved): the row on screen is out of date.
 */
export function isRefusedResend(failure: unknown): boolean {
  return isApiError(failure) && failure.status === 409
}
