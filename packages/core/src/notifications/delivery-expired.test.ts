import { describe, expect, it } from 'vitest'
import { deliveryExpired, type DeliveryError, type DeliveryStatus } from './notification-schemas.js'

describe('deliveryExpired', () => {
  it.each<{ status: DeliveryStatus; lastError: DeliveryError | null; expired: boolean }>([
    { status: 'failed', lastError: 'expired', expired: true },
    { status: 'failed', lastError: 'timeout', expired: true },
    { status: 'failed', lastError: 'http_status', expired: true },
    { status: 'failed', lastError: 'smtp_failed', expired: true },
    { status: 'failed', lastError: 'smtp_rejected', expired: false },
    { status: 'failed', lastError: 'superseded', expired: false },
    { status: 'pending', lastError: 'timeout', expired: false },
    { status: 'delivered', lastError: null, expired: false },
  ])('a $status delivery whose last error is $lastError expired: $expired', ({ expired, ...delivery }) => {
    expect(deliveryExpired(delivery)).toBe(expired)
  })
})
