import { describe, expect, it } from 'vitest'
import { parseBasicAuthorization } from './parse-basic-authorization.js'

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

describe('parsing Basic authorization headers', () => {
  it('reads the SID and the auth token, with the scheme in any case', () => {
    for (const scheme of ['Basic', 'basic', 'BASIC']) {
      expect(parseBasicAuthorization(`${scheme} ${b64('TKabc:tcat_secret')}`)).toEqual({
        accountSid: 'TKabc',
        authToken: 'tcat_secret',
      })
    }
  })

  it('splits at the first colon, so an auth token may contain colons', () => {
    expect(parseBasicAuthorization(`Basic ${b64('sid:a:b')}`)).toEqual({ accountSid: 'sid', authToken: 'a:b' })
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
})
