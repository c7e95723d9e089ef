import { describe, expect, it } from 'vitest'
import { parseBasicAuthorization } from './parse-basic-authorization.js'

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')
/** Base64 of `text` after a UTF-8 byte-order mark. */
const b64WithBom = (text: string) =>
  Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]).toString('base64')

describe('parsing Basic authorization headers', () => {
  it.each([
    { what: 'the scheme as Basic', header: `Basic ${b64('TKabc:tcat_secret')}` },
    { what: 'the scheme as basic', header: `basic ${b64('TKabc:tcat_secret')}` },
    { what: 'the scheme as BASIC', header: `BASIC ${b64('TKabc:tcat_secret')}` },
    {
      what: 'a leading byte-order mark, read past as a UTF-8 decoder does',
      header: `Basic ${b64WithBom('TKabc:tcat_secret')}`,
    },
  ])('reads the SID and the auth token with $what', ({ header }) => {
    expect(parseBasicAuthorization(header)).toEqual({ accountSid: 'TKabc', authToken: 'tcat_secret' })
  })

  it('splits at the first colon, so an auth token may contain colons', () => {
    expect(parseBasicAuthorization(`Basic ${b64('sid:a:b')}`)).toEqual({
      accountSid: 'sid',
      authToken: 'a:b',
    })
  })

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['bare scheme', 'Basic'],
    ['scheme and space only', 'Basic '],
    ['other scheme', `Bearer ${b64('a:b')}`],
    ['two spaces', `Basic  ${b64('a:b')}`],
    ['trailing space', `Basic ${b64('a:b')} `],
    ['bad base64 characters', 'Basic a*b='],
    // "a:bc" is YTpiYw== in canonical base64.
    ['base64 without padding', 'Basic YTpiYw'],
    ['non-canonical padding bits', 'Basic YTpiYx=='],
    ['no colon', `Basic ${b64('justasid')}`],
    ['empty SID', `Basic ${b64(':token')}`],
    ['empty token', `Basic ${b64('sid:')}`],
    ['NUL inside', `Basic ${b64('sid:tok\0en')}`],
    ['invalid UTF-8', `Basic ${Buffer.from([0x73, 0x3a, 0xff, 0xfe]).toString('base64')}`],
    ['over 1 KB', `Basic ${b64(`sid:${'a'.repeat(1_000)}`)}`],
    ['not a string', 42],
  ])('refuses a malformed header: %s', (_name, header) => {
    expect(parseBasicAuthorization(header)).toBeUndefined()
  })

  it('accepts exactly the canonical spelling of each value, whatever character ends the data before the padding', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
    // 0, 1 and 2 bytes left over make no padding, "==" and "=".
    for (const text of ['sid:tok', 'sid:toke', 'sid:token']) {
      const canonical = b64(text)
      const padding = canonical.length - canonical.replace(/=+$/, '').length
      const last = canonical.length - padding - 1
      for (const character of alphabet) {
        const variant = `${canonical.slice(0, last)}${character}${canonical.slice(last + 1)}`
        const isCanonical = Buffer.from(variant, 'base64').toString('base64') === variant
        const decoded = Buffer.from(variant, 'base64').toString('utf8')
        const readable = /^[^:\0]+:[^\0]+$/.test(decoded) && !decoded.includes('\uFFFD')
        expect(parseBasicAuthorization(`Basic ${variant}`) !== undefined, variant).toBe(
          isCanonical && readable,
        )
      }
    }
  })
})
