import { describe, expect, it } from 'vitest'
import { VerificationCache, type CachedCredential } from './verification-cache.js'

function credential(sid: string): CachedCredential {
  return {
    tokenId: `tok_${sid}`,
    tokenKind: 'scoped',
    accountId: 'acc_1',
    accountKind: 'brand',
    accountName: 'Acme',
    accountLegacyEnabledAt: null,
    sid,
    apiVersion: 'v14',
    state: 'enabled',
    digest: Buffer.alloc(32),
    scopes: new Set(['GET /Account']),
    rateLimitPerHour: 1000,
    expiresAtMs: null,
    rotation: null,
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

  it('remembers unknown SIDs until they are evicted', () => {
    const cache = new VerificationCache(10, 60_000)
    cache.set('ghost', null, cache.generation)
    expect(cache.get('ghost')).toBeNull()
    cache.evict(['ghost'])
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

  it('drops an entry on eviction and refuses to store what a lookup read before it', () => {
    const cache = new VerificationCache(10, 60_000)
    cache.set('a', credential('a'), cache.generation)
    const readBeforeWrite = cache.generation
    cache.evict(['a'])
    expect(cache.get('a')).toBeUndefined()
    cache.set('a', credential('a'), readBeforeWrite)
    expect(cache.get('a')).toBeUndefined()
    cache.set('a', credential('a'), cache.generation)
    expect(cache.get('a')).toBeDefined()
  })

  it('neither serves nor stores a SID while a write to it is in flight, nor what was read before the write ended', () => {
    const cache = new VerificationCache(10, 60_000)
    cache.set('a', credential('a'), cache.generation)
    cache.set('b', credential('b'), cache.generation)
    cache.beginWrite('a')
    cache.beginWrite('a')
    expect(cache.get('a')).toBeUndefined()
    expect(cache.get('b')?.sid).toBe('b')
    const readDuringWrite = cache.generation
    cache.set('a', credential('a'), readDuringWrite)
    cache.endWrite('a')
    expect(cache.get('a')).toBeUndefined()
    cache.set('a', credential('a'), cache.generation)
    expect(cache.get('a')).toBeUndefined()
    cache.endWrite('a')
    cache.set('a', credential('a'), readDuringWrite)
    expect(cache.get('a')).toBeUndefined()
    cache.set('a', credential('a'), cache.generation)
    expect(cache.get('a')?.sid).toBe('a')
  })

  it('serves and stores nothing while offline, and comes back online empty', () => {
    const cache = new VerificationCache(10, 60_000, Date.now, { online: false })
    cache.set('a', credential('a'), cache.generation)
    expect(cache.get('a')).toBeUndefined()
    cache.setOnline(true)
    cache.set('a', credential('a'), cache.generation)
    expect(cache.get('a')?.sid).toBe('a')
    const before = cache.generation
    cache.setOnline(false)
    expect(cache.generation).toBeGreaterThan(before)
    expect(cache.get('a')).toBeUndefined()
    cache.setOnline(true)
    expect(cache.get('a')).toBeUndefined()
    expect(cache.size).toBe(0)
  })
})
