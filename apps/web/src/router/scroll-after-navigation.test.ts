import { describe, expect, it } from 'vitest'
import type { RouteLocationNormalized } from 'vue-router'
import { scrollAfterNavigation } from './create-console-router'

const at = (path: string, query: Record<string, string> = {}) =>
  ({ path, query }) as unknown as RouteLocationNormalized

describe('scrolling after a navigation', () => {
  it('stays where the user is when a filter changes the query of the same page', () => {
    expect(scrollAfterNavigation(at('/settings/api', { state: 'disabled' }), at('/settings/api'), null)).toBe(
      false,
    )
    expect(
      scrollAfterNavigation(
        at('/settings/api/tokens/tok_1', { tab: 'usage', range: '7d' }),
        at('/settings/api/tokens/tok_1', { tab: 'usage' }),
        null,
      ),
    ).toBe(false)
  })

  it('starts another page, or another section of one, at its top; Back returns where it was', () => {
    expect(scrollAfterNavigation(at('/settings/audit'), at('/settings/api'), null)).toEqual({ top: 0 })
    expect(
      scrollAfterNavigation(
        at('/settings/api/tokens/tok_1', { tab: 'scopes' }),
        at('/settings/api/tokens/tok_1'),
        null,
      ),
    ).toEqual({ top: 0 })
    expect(scrollAfterNavigation(at('/settings/api'), at('/settings/audit'), { left: 0, top: 640 })).toEqual({
      left: 0,
      top: 640,
    })
  })
})
