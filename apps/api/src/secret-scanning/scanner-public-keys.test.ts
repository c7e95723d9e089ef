import { generateKeyPairSync, sign } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readPublicKeysFile, scannerPublicKeys } from './scanner-public-keys.js'
import { isScannerSignatureValid } from './verify-scanner-signature.js'

const URL_OF_KEYS = 'https://api.github.com/meta/public_keys/secret_scanning'
const pemOf = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  return { privateKey, pem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }
}

/** A keys URL served from memory, counting fetches. */
function keysServer(initial: Record<string, string>) {
  const state = { keys: initial, fetches: 0 }
  const fetch = (async () => {
    state.fetches += 1
    const public_keys = Object.entries(state.keys).map(([key_identifier, key]) => ({
      key_identifier,
      key,
      is_current: true,
    }))
    return new Response(JSON.stringify({ public_keys }), { status: 200 })
  }) as typeof globalThis.fetch
  return { state, fetch }
}

describe('the secret scanner public keys', () => {
  it('fetches the keys once, serves them from memory, and verifies a signature made with the matching private key', async () => {
    const one = pemOf()
    const server = keysServer({ one: one.pem })
    let now = 0
    const keys = scannerPublicKeys(URL_OF_KEYS, { fetch: server.fetch, now: () => now })
    const key = await keys.keyFor('one')
    now += 1_000
    expect(await keys.keyFor('one')).toBe(key)
    expect(server.state.fetches).toBe(1)
    const body = Buffer.from('[]')
    const signature = sign('sha256', body, { key: one.privateKey, dsaEncoding: 'der' }).toString('base64')
    expect(isScannerSignatureValid(key as NonNullable<typeof key>, body, signature)).toBe(true)
    expect(isScannerSignatureValid(key as NonNullable<typeof key>, Buffer.from('[ ]'), signature)).toBe(false)
    expect(isScannerSignatureValid(key as NonNullable<typeof key>, body, 'not base64!')).toBe(false)
  })

  it('fetches again for an unknown key identifier at most once a minute, and picks up a key added meanwhile', async () => {
    const server = keysServer({ one: pemOf().pem })
    let now = 0
    const keys = scannerPublicKeys(URL_OF_KEYS, { fetch: server.fetch, now: () => now })
    expect(await keys.keyFor('made-up')).toBeUndefined()
    now += 10_000
    for (let i = 0; i < 5; i++) expect(await keys.keyFor(`made-up-${i}`)).toBeUndefined()
    expect(server.state.fetches).toBe(1)
    server.state.keys = { ...server.state.keys, two: pemOf().pem }
    now += 60_000
    expect(await keys.keyFor('two')).toBeDefined()
    expect(server.state.fetches).toBe(2)
  })

  it('loads the keys again once the TTL has passed, and keeps the keys it had when a load fails', async () => {
    const server = keysServer({ one: pemOf().pem })
    let now = 0
    let failing = false
    const fetch = (async (...args: Parameters<typeof globalThis.fetch>) =>
      failing ? new Response('oops', { status: 500 }) : server.fetch(...args)) as typeof globalThis.fetch
    const keys = scannerPublicKeys(URL_OF_KEYS, { fetch, now: () => now, ttlMs: 3_600_000 })
    expect(await keys.keyFor('one')).toBeDefined()
    now += 3_600_000
    failing = true
    expect(await keys.keyFor('one')).toBeDefined()
    expect(server.state.fetches).toBe(1)
  })

  it('reports each failed load of a URL (why, never the URL) and keeps the keys it had', async () => {
    const server = keysServer({ one: pemOf().pem })
    let now = 0
    let answer: 'keys' | 'error' | 'garbage' | 'down' = 'keys'
    const fetch = (async (...args: Parameters<typeof globalThis.fetch>) => {
      if (answer === 'error') return new Response('oops', { status: 503 })
      if (answer === 'garbage') return new Response('<html>', { status: 200 })
      if (answer === 'down')
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
        })
      return server.fetch(...args)
    }) as typeof globalThis.fetch
    const failures: unknown[] = []
    const keys = scannerPublicKeys(`${URL_OF_KEYS}?token=s3cret`, {
      fetch,
      now: () => now,
      onLoadFailed: (failure) => failures.push(failure),
    })
    expect(await keys.keyFor('one')).toBeDefined()
    expect(failures).toEqual([])
    for (const failing of ['error', 'garbage', 'down'] as const) {
      answer = failing
      now += 3_600_000
      expect(await keys.keyFor('one')).toBeDefined()
    }
    expect(failures).toEqual([
      { source: 'url', reason: 'HTTP 503' },
      { source: 'url', reason: 'not a public-keys document' },
      { source: 'url', reason: 'ECONNREFUSED' },
    ])
    expect(JSON.stringify(failures)).not.toContain('s3cret')
  })

  it('reads a keys file at start, refusing a missing or malformed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'token-console-keys-'))
    try {
      const file = join(dir, 'keys.json')
      expect(() => readPublicKeysFile(file)).toThrow('ENOENT')
      writeFileSync(file, JSON.stringify({ public_keys: [{ key_identifier: 'one', key: 'not a PEM' }] }))
      expect(() => readPublicKeysFile(file)).toThrow('no usable public key')
      writeFileSync(file, JSON.stringify({ public_keys: [{ key_identifier: 'one', key: pemOf().pem }] }))
      expect([...readPublicKeysFile(file).keys()]).toEqual(['one'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('lets reports that arrive while the keys are loading wait for that load, at startup and for a new key', async () => {
    const one = pemOf()
    const two = pemOf()
    const server = keysServer({ one: one.pem })
    let now = 0
    const keys = scannerPublicKeys(URL_OF_KEYS, { fetch: server.fetch, now: () => now })
    const atStartup = await Promise.all([keys.keyFor('one'), keys.keyFor('one')])
    expect(atStartup.every((key) => key !== undefined)).toBe(true)
    now += 2 * 60_000
    server.state.keys = { one: one.pem, two: two.pem }
    const duringRefresh = await Promise.all([keys.keyFor('two'), keys.keyFor('two')])
    expect(duringRefresh.every((key) => key !== undefined)).toBe(true)
    expect(server.state.fetches).toBe(2)
  })

  it('refuses a plain http URL at configuration', () => {
    expect(() => scannerPublicKeys('http://keys.example/keys.json')).toThrow(/https/)
  })
})
