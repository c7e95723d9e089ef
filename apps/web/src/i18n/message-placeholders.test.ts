import { describe, expect, it } from 'vitest'
import { createConsoleI18n } from './create-console-i18n'
import { namedPlaceholders } from './message-placeholders'

describe('placeholders of a catalog message', () => {
  it('names every placeholder of a precompiled catalog message, in order', () => {
    const message = createConsoleI18n().global.tm('errors.ApiVersionMismatch')
    expect(typeof message).not.toBe('string')
    expect(namedPlaceholders(message)).toEqual(['tokenVersion', 'requestedVersion'])
  })

  it('finds none in a message without parameters', () => {
    expect(namedPlaceholders(createConsoleI18n().global.tm('errors.LegacyAlreadyEnabled'))).toEqual([])
  })

  it('reads a message still in source form as text', () => {
    expect(namedPlaceholders('Try again in {retryAfter} seconds ({limit})')).toEqual(['retryAfter', 'limit'])
  })
})
