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
})
