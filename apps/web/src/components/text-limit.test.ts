import { describe, expect, it } from 'vitest'
import { textLimitOf } from './text-limit'

describe('textLimitOf', () => {
  it.each([
    { value: '', max: 100, expected: { count: 0, max: 100, over: 0 } },
    { value: 'x'.repeat(100), max: 100, expected: { count: 100, max: 100, over: 0 } },
    { value: 'x'.repeat(200), max: 100, expected: { count: 200, max: 100, over: 100 } },
  ])('counts $value.length characters against $max', ({ value, max, expected }) => {
    expect(textLimitOf(value, max)).toEqual(expected)
  })

  it('counts as the core does: surrounding spaces are trimmed before the limit applies', () => {
    expect(textLimitOf(`  ${'x'.repeat(100)}  `, 100)).toEqual({ count: 100, max: 100, over: 0 })
  })
})
