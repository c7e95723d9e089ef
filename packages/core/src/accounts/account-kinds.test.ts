import { describe, expect, it } from 'vitest'
import { apiVersionRank, isApiVersionOf, latestApiVersion, upgradeTargets } from './account-kinds.js'

describe('API versions per account kind', () => {
  it('defaults to the newest version of each kind', () => {
    expect([latestApiVersion('brand'), latestApiVersion('partner'), latestApiVersion('agency')]).toEqual([
      'v14',
      'v16',
      'v3',
    ])
  })

  it('offers only strictly newer versions of the same kind as upgrade targets', () => {
    expect(upgradeTargets('brand', 'v12')).toEqual(['v13', 'v14'])
    expect(upgradeTargets('partner', 'v16')).toEqual([])
    expect(isApiVersionOf('brand', 'v15')).toBe(false)
    expect(apiVersionRank('agency', 'v14')).toBe(-1)
  })
})
