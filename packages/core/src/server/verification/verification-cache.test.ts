import { describe, expect, it } from 'vitest'
import { VerificationCache, type CachedCredential } from './verification-cache.js'

function credential(sid: string): CachedCredential {
  return {
    tokenId: `tok_${sid}`,
    tokenKind: 'scoped',
    accountId: 'acc_1',
    accountKind: 'brand',
    accountName: 'Acme',
    sid,
    apiVersion: 'v14',
    state: 'enabled',
    digest: Buffer.alloc(32),
    scopes: new Set(['GET /Account']),
    rateLimitPerHour: 1000,
  }
}

describe('verification cache', () => {
  it('evicts the least recently used entry beyond its bound', () => {
    const cache = new VerificationCache(2, 60_000)
    cache.set('a', credential('a'), cache.generation)
    cache.set('b', credential('b'), cache.generation)
    cache.get('a')
    cache.set('c', credential('c'), cache.generation)
    expect(cache.get('a')?.sid).toBe('a')
    expect(cache.get('b')).toBeUndefined()
    expect(cache.size).toBe(2)
  })

  it('remembers unknown SIDs until a write in this process', () => {
    const cache = new VerificationCache(10, 60_000)
    cache.set('ghost', null, cache.generation)
    expect(cache.get('ghost')).toBeNull()
    cache.invalidate('ghost')
    expect(cache.get('ghost')).toBeUndefined()
  })

  it('forgets entries after their time to live', () => {
    let now = 0
    const cache = new VerificationCache(10, 1_000, () => now)
    cache.set('a', credential('a'), cache.generation)
    now = 999
    expect(cache.get('a')).toBeDefined()
    now = 1_999
    expect(cache.get('a')).toBeUndefined()
  })

  it('drops an entry on invalidation and refuses to store what a lookup read before a write', () => {
    const cache = new VerificationCache(10, 60_000)
    cache.set('a', credential('a'), cache.generation)
    const readBeforeWrite = cache.generation
    cache.invalidate('a')
    expect(cache.get('a')).toBeUndefined()
    cache.set('a', credential('a'), readBeforeWrite)
    expect(cache.get('a')).toBeUndefined()
    cache.set('a', credential('a'), cache.generation)
    expect(cache.get('a')).toBeDefined()
  })
})
