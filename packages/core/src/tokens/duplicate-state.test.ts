import { describe, expect, it } from 'vitest'
import { duplicateStateOf } from './duplicate-state.js'

describe('duplicateStateOf', () => {
  it.each([
    { source: 'enabled', enabled: undefined, copy: 'enabled' },
    { source: 'disabled', enabled: undefined, copy: 'disabled' },
    { source: 'disabled', enabled: true, copy: 'enabled' },
    { source: 'enabled', enabled: false, copy: 'disabled' },
    { source: 'expired', enabled: undefined, copy: 'disabled' },
    { source: 'expired', enabled: true, copy: 'enabled' },
  ] as const)('a copy of an $source token, choice $enabled, is $copy', ({ source, enabled, copy }) => {
    expect(duplicateStateOf(source, { enabled })).toBe(copy)
  })
})
