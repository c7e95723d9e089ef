import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent } from 'vue'
import { ApiError } from '../api/api-error'
import { createConsoleI18n } from './create-console-i18n'
import { useErrorMessage } from './use-error-message'

function errorMessage(): (error: unknown) => string {
  let translate: ((error: unknown) => string) | undefined
  mount(
    defineComponent({
      setup() {
        translate = useErrorMessage()
        return () => null
      },
    }),
    { global: { plugins: [createConsoleI18n()] } },
  )
  if (!translate) throw new Error('not mounted')
  return translate
}

describe('localised error messages', () => {
  it('takes the message of the error code from the catalog', () => {
    expect(errorMessage()(new ApiError(409, 'LegacyAlreadyEnabled', 'server text'))).toBe(
      'Legacy tokens are already enabled for this account.',
    )
  })

  it('fills in the parameters the answer carried', () => {
    expect(errorMessage()(new ApiError(429, 'TooManyAttempts', '', { retryAfter: 30 }))).toBe(
      'Too many failed attempts. Try again in 30 s.',
    )
  })

  it("shows the server's localised detail rather than an unfilled placeholder", () => {
    const message = errorMessage()(new ApiError(400, 'ScopeUnknown', 'GET /Nope is not available.'))
    expect(message).toBe('GET /Nope is not available.')
    expect(message).not.toContain('{')
  })

  it('explains an unreachable server and an unexpected failure without technical text', () => {
    const translate = errorMessage()
    expect(translate(new ApiError(0, 'NetworkUnavailable'))).toBe(
      'The server cannot be reached. Check your connection and try again.',
    )
    expect(translate(new TypeError('x is undefined'))).toBe(
      'Something went wrong on our side. Nothing was changed.',
    )
  })

  it('writes the dates and figures the answer carried in the language shown, not as the API sends them', () => {
    const latest = '2027-03-01T10:30:00.000Z'
    const message = errorMessage()(
      new ApiError(422, 'ExpiryBeyondPolicy', '', { maxLifetimeDays: 3650, latest }),
    )
    const shown = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(latest),
    )
    expect(message).toBe(
      `This account's policy allows an expiry at most 3,650 days from now (no later than ${shown}).`,
    )
    expect(message).not.toContain('2027-03-01T')
  })
})
