import { describe, expect, it } from 'vitest'
import { tokenMenuActions } from './token-actions'

describe('the [More] menu of a token', () => {
  it('offers Disable on an enabled token and Enable on a disabled one', () => {
    expect(tokenMenuActions('brand', { apiVersion: 'v14', state: 'enabled' })).toContain('disable')
    expect(tokenMenuActions('brand', { apiVersion: 'v14', state: 'disabled' })).toContain('enable')
  })

  it('offers neither Enable nor Disable on an expired token (Renew brings it back)', () => {
    const actions = tokenMenuActions('brand', { apiVersion: 'v14', state: 'expired' })
    expect(actions).not.toContain('enable')
    expect(actions).not.toContain('disable')
    expect(actions).toEqual(['duplicate', 'reset', 'delete'])
  })

  it('offers Upgrade Version only below the latest version', () => {
    expect(tokenMenuActions('brand', { apiVersion: 'v12', state: 'enabled' })).toContain('upgrade')
    expect(tokenMenuActions('brand', { apiVersion: 'v14', state: 'enabled' })).not.toContain('upgrade')
  })
})
