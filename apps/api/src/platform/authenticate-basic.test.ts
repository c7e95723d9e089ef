import type { TokenWithCredentials } from '@tokens/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { asToken, basic, bodyOf } from '../test-support/api-fixture.js'
import { apiFixtureForSuite } from '../test-support/suite-fixture.js'

const b64 = (bytes: string | Uint8Array) => Buffer.from(bytes).toString('base64')

describe('Basic authentication of the platform API', () => {
  // Generous failure allowances here: this file counts on every bad credential reaching verification.
  const f = apiFixtureForSuite({
    limits: {
      credentialFailuresPerAddress: { max: 1_000, windowMs: 60_000 },
      credentialFailuresPerSid: { max: 1_000, windowMs: 60_000 },
    },
  })
  let good: TokenWithCredentials
  let disabled: TokenWithCredentials
  let deleted: TokenWithCredentials
  let resetAway: TokenWithCredentials
  beforeAll(async () => {
    good = await f.createToken(f.a, { scopes: ['GET /Account'] })
    disabled = await f.createToken(f.a, { scopes: ['GET /Account'] })
    await f.core.tokens.disable(f.a.admin.context, disabled.token.id)
    deleted = await f.createToken(f.a, { scopes: ['GET /Account'] })
    await f.core.tokens.remove(f.a.admin.context, deleted.token.id)
    resetAway = await f.createToken(f.a, { scopes: ['GET /Account'] })
    await f.core.tokens.reset(f.a.admin.context, resetAway.token.id)
  })

  it('answers every bad credential and every malformed header with the identical 401 and a Basic challenge', async () => {
    const sid = good.credentials.accountSid
    const token = good.credentials.authToken
    const headers: Record<string, string | undefined> = {
      missing: undefined,
      empty: '',
      bare: 'Basic',
      'bare with space': 'Basic ',
      'bad base64': 'Basic %%%notbase64%%%',
      'unpadded base64': `Basic ${b64(`${sid}:${token}`).replace(/=+$/, '')}x`,
      'no colon': `Basic ${b64(`${sid}${token}`)}`,
      'empty user': `Basic ${b64(`:${token}`)}`,
      'empty password': `Basic ${b64(`${sid}:`)}`,
      'only a colon': `Basic ${b64(':')}`,
      'colon in the token': `Basic ${b64(`${sid}:${token}:extra`)}`,
      'lowercase scheme, wrong token': `basic ${b64(`${sid}:tcat_wrong`)}`,
      bearer: `Bearer ${token}`,
      'token only': token,
      '16 KB': `Basic ${'A'.repeat(16 * 1024)}`,
      NUL: `Basic ${b64(`${sid}\u0000:${token}`)}`,
      'invalid UTF-8': `Basic ${b64(Uint8Array.from([0xff, 0xfe, 0x3a, 0x80, 0x81]))}`,
      'two spaces': `Basic  ${b64(`${sid}:${token}`)}`,
      'unknown SID': basic('TK0000000000000000000000', token),
      'malformed SID': basic('not-a-sid', token),
      'wrong token': basic(sid, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')),
      'wrong-length token': basic(sid, 'tcat_short'),
      'disabled token': basic(disabled.credentials.accountSid, disabled.credentials.authToken),
      'deleted token': basic(deleted.credentials.accountSid, deleted.credentials.authToken),
      'reset-away token': basic(resetAway.credentials.accountSid, resetAway.credentials.authToken),
    }
    const answers = new Set<string>()
    for (const [label, authorization] of Object.entries(headers)) {
      const res = await f.call(
        'GET',
        '/platform/Account',
        authorization === undefined ? {} : { headers: { authorization } },
      )
      expect(res.status, label).toBe(401)
      expect(res.headers.get('www-authenticate'), label).toBe('Basic realm="Token Console"')
      expect(res.headers.get('ratelimit-limit'), label).toBeNull()
      answers.add(`${res.headers.get('content-type')}|${await res.text()}`)
    }
    expect(answers.size).toBe(1)
    expect(JSON.parse([...answers][0]?.split('|')[1] ?? '{}')).toMatchObject({
      code: 'InvalidCredentials',
      status: 401,
    })
    expect(
      (await f.call('GET', '/platform/Account', { headers: { authorization: basic(sid, token) } })).status,
    ).toBe(200)
  })

  it('accepts the scheme in any case, as HTTP says', async () => {
    const lower = `basic ${b64(`${good.credentials.accountSid}:${good.credentials.authToken}`)}`
    expect((await f.call('GET', '/platform/Account', { headers: { authorization: lower } })).status).toBe(200)
  })

  it('localises the 401 by Accept-Language', async () => {
    const res = await f.call('GET', '/platform/Account', { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } })
    expect(await bodyOf(res)).toMatchObject({
      detail: '凭证无效。请检查账户 SID 和身份验证令牌，然后重试。',
      title: '未授权',
    })
  })
})

describe('a credential the core refuses after the guard let it in', () => {
  /** What happens to the calling token between the guard and its write (a request racing a manager, or an expiry). */
  let meanwhile: ((tokenId: string) => Promise<void>) | undefined
  const f = apiFixtureForSuite({
    core: (core) => ({
      ...core,
      tokens: {
        ...core.tokens,
        create: async (context, input) => {
          if (context.actor.type === 'token') await meanwhile?.(context.actor.tokenId)
          return core.tokens.create(context, input)
        },
      },
    }),
  })

  /** Status, headers and body, all but the request id. */
  async function answerOf(res: Response) {
    const headers = Object.fromEntries(res.headers)
    delete headers['x-request-id']
    return { status: res.status, headers, body: await res.text() }
  }

  it.each([
    { change: 'disabled', run: (id: string) => f.core.tokens.disable(f.a.admin.context, id) },
    { change: 'deleted', run: (id: string) => f.core.tokens.remove(f.a.admin.context, id) },
    { change: 'reset', run: (id: string) => f.core.tokens.reset(f.a.admin.context, id) },
    { change: 'expired', run: async () => f.clock.advance(61_000) },
  ])(
    'answers its write, its token $change meanwhile, with the very 401 the guard answers it next, without the RateLimit headers',
    async ({ run }) => {
      const holder = await f.createToken(f.a, {
        scopes: ['POST /Tokens', 'GET /Account'],
        expiresAt: new Date(f.clock.now().getTime() + 60_000).toISOString(),
      })
      const json = { name: 'Minted', primaryContactUserId: f.a.admin.id, scopes: ['GET /Account'] }
      meanwhile = async (tokenId) => {
        meanwhile = undefined
        await run(tokenId)
      }
      const raced = await answerOf(
        await f.call('POST', '/platform/Tokens', { ...asToken(holder.credentials), json }),
      )
      const guarded = await answerOf(
        await f.call('POST', '/platform/Tokens', { ...asToken(holder.credentials), json }),
      )
      expect(guarded.status).toBe(401)
      expect(raced).toEqual(guarded)
      expect(raced.headers['ratelimit-limit']).toBeUndefined()
      const names = (await f.core.tokens.list(f.a.admin.context, { limit: 200 })).items.map((t) => t.name)
      expect(names).not.toContain('Minted')
    },
  )
})

describe('throttling of failed credentials', () => {
  const f = apiFixtureForSuite({
    limits: {
      credentialFailuresPerAddress: { max: 5, windowMs: 60_000 },
      credentialFailuresPerSid: { max: 3, windowMs: 60_000 },
    },
  })

  const from = (address: string, authorization: string) => ({
    headers: { authorization, 'x-forwarded-for': address },
  })

  it('blocks an address after repeated failures with 429 and Retry-After, while a valid token elsewhere keeps working', async () => {
    const valid = await f.createToken(f.a, { scopes: ['GET /Account'] })
    const auth = basic(valid.credentials.accountSid, valid.credentials.authToken)
    for (let i = 0; i < 5; i++) {
      const guess = basic(`TK${String(i).padStart(22, '0')}`, 'tcat_guess')
      expect((await f.call('GET', '/platform/Account', from('203.0.113.1', guess))).status).toBe(401)
    }
    const blocked = await f.call('GET', '/platform/Account', from('203.0.113.1', auth))
    expect(blocked.status).toBe(429)
    expect(await bodyOf(blocked)).toMatchObject({ code: 'TooManyAttempts' })
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await f.call('GET', '/platform/Account', from('203.0.113.2', auth))).status).toBe(200)
    f.clock.advance(61_000)
    expect((await f.call('GET', '/platform/Account', from('203.0.113.1', auth))).status).toBe(200)
  })

  it('throttles guesses at one SID from the addresses that failed on it, not its real integration', async () => {
    const victim = await f.createToken(f.a, { scopes: ['GET /Account'] })
    const sid = victim.credentials.accountSid
    const guess = basic(sid, 'tcat_guessguessguessguessguessguessgu')
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      expect((await f.call('GET', '/platform/Account', from(address, guess))).status).toBe(401)
    }
    const again = await f.call('GET', '/platform/Account', from('198.51.100.1', guess))
    expect(again.status).toBe(429)
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0)
    // A guess with the right token from a guessing address is refused too: the SID is locked for it.
    const rightFromGuesser = basic(sid, victim.credentials.authToken)
    expect((await f.call('GET', '/platform/Account', from('198.51.100.2', rightFromGuesser))).status).toBe(
      429,
    )
    expect((await f.call('GET', '/platform/Account', from('192.0.2.50', rightFromGuesser))).status).toBe(200)
  })

  it('counts a guess against its SID whether the header was malformed, prefixed with a byte-order mark or plain', async () => {
    const victim = await f.createToken(f.a, { scopes: ['GET /Account'] })
    const sid = victim.credentials.accountSid
    const guess = `${sid}:tcat_guess`
    const unpadded = `Basic ${b64(guess).replace(/=+$/, '')}`
    expect(unpadded).not.toBe(basic(sid, 'tcat_guess'))
    const withBom = `Basic ${b64(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(guess)]))}`
    const attempts: [string, string][] = [
      ['198.51.100.11', unpadded],
      ['198.51.100.12', withBom],
      ['198.51.100.13', basic(sid, 'tcat_guess')],
    ]
    for (const [address, authorization] of attempts) {
      expect((await f.call('GET', '/platform/Account', from(address, authorization))).status).toBe(401)
    }
    const right = basic(sid, victim.credentials.authToken)
    for (const [address] of attempts) {
      expect((await f.call('GET', '/platform/Account', from(address, right))).status).toBe(429)
    }
    expect((await f.call('GET', '/platform/Account', from('192.0.2.51', right))).status).toBe(200)
  })
})
