import { describe, expect, it } from 'vitest'
import { makeToken } from '../../test-support/console-fixtures'
import { tokenMenuActions } from './token-actions'

describe('the [More] menu of a token', () => {
  it('offers Disable on an enabled token and Enable on a disabled one', () => {
    expect(tokenMenuActions('brand', makeToken({ apiVersion: 'v14', state: 'enabled' }))).toContain('disable')
    expect(tokenMenuActions('brand', makeToken({ apiVersion: 'v14', state: 'disabled' }))).toContain('enable')
  })

  it('offers Enable on an expired token that is disabled, as a renewal alone leaves it refused', () => {
    expect(
      tokenMenuActions('brand', makeToken({ apiVersion: 'v14', state: 'expired', disabled: true })),
    ).toEqual(['duplicate', 'reset', 'enable', 'delete'])
  })

  it('offers Disable on an expired token that is not disabled, so a later renewal does not bring it back', () => {
    expect(
      tokenMenuActions('brand', makeToken({ apiVersion: 'v14', state: 'expired', disabled: false })),
    ).toEqual(['duplicate', 'reset', 'disable', 'delete'])
  })

  it('offers Upgrade Version only below the latest version', () => {
    expect(tokenMenuActions('brand', { apiVersion: 'v12', disabled: false })).toContain('upgrade')
    expect(tokenMenuActions('brand', { apiVersion: 'v14', disabled: false })).not.toContain('upgrade')
  })
})
