import { describe, expect, it } from 'vitest'
import { TokenDescription, TokenName } from './token-text.js'

/** The error name of the first issue, what the SPA and the API's field issues show. */
function refusalOf(schema: typeof TokenName | typeof TokenDescription, value: string): string | undefined {
  const result = schema.safeParse(value)
  return result.success ? undefined : result.error.issues[0]?.message
}

const REFUSED: { what: string; name: string; reason: string }[] = [
  { what: 'a lone high surrogate', name: 'ad\uD800min', reason: 'malformedText' },
  { what: 'a lone low surrogate', name: 'admin\uDC00', reason: 'malformedText' },
  { what: 'the Arabic letter mark U+061C', name: 'ad\u061Cmin', reason: 'forbiddenCharacters' },
  { what: 'the left-to-right mark U+200E', name: 'ad\u200Emin', reason: 'forbiddenCharacters' },
  { what: 'the right-to-left mark U+200F', name: 'ad\u200Fmin', reason: 'forbiddenCharacters' },
  { what: 'the right-to-left override U+202E', name: 'evil\u202Egnp.exe', reason: 'forbiddenCharacters' },
  { what: 'the left-to-right embedding U+202A', name: 'ad\u202Amin', reason: 'forbiddenCharacters' },
  { what: 'the first strong isolate U+2068', name: 'ad\u2068min', reason: 'forbiddenCharacters' },
  { what: 'the pop directional isolate U+2069', name: 'ad\u2069min', reason: 'forbiddenCharacters' },
  { what: 'the soft hyphen U+00AD', name: 'ad\u00ADmin', reason: 'forbiddenCharacters' },
  { what: 'the Mongolian vowel separator U+180E', name: 'ad\u180Emin', reason: 'forbiddenCharacters' },
  { what: 'the zero-width space U+200B', name: 'zero\u200Bwidth', reason: 'forbiddenCharacters' },
  { what: 'the zero-width non-joiner U+200C', name: 'ad\u200Cmin', reason: 'forbiddenCharacters' },
  { what: 'a zero-width joiner between letters U+200D', name: 'ad\u200Dmin', reason: 'forbiddenCharacters' },
  {
    what: 'a zero-width joiner after an emoji, before a letter',
    name: '👩\u200Dmin',
    reason: 'forbiddenCharacters',
  },
  { what: 'a zero-width joiner trailing an emoji', name: 'team 👩\u200D', reason: 'forbiddenCharacters' },
  {
    what: 'a zero-width joiner before an emoji after a letter',
    name: 'a\u200D👩',
    reason: 'forbiddenCharacters',
  },
  { what: 'the word joiner U+2060', name: 'ad\u2060min', reason: 'forbiddenCharacters' },
  { what: 'the invisible plus U+2064', name: 'ad\u2064min', reason: 'forbiddenCharacters' },
  { what: 'the byte order mark U+FEFF inside', name: 'ad\uFEFFmin', reason: 'forbiddenCharacters' },
  { what: 'the interlinear annotation anchor U+FFF9', name: 'ad\uFFF9min', reason: 'forbiddenCharacters' },
  {
    what: 'the interlinear annotation terminator U+FFFB',
    name: 'ad\uFFFBmin',
    reason: 'forbiddenCharacters',
  },
  {
    what: 'tag characters U+E0000-E007F',
    name: 'admin\u{E0069}\u{E0067}\u{E006E}',
    reason: 'forbiddenCharacters',
  },
  { what: 'the combining grapheme joiner U+034F', name: 'ad\u034Fmin', reason: 'forbiddenCharacters' },
  { what: 'a variation selector after a letter', name: 'ad\uFE00min', reason: 'forbiddenCharacters' },
  { what: 'the line separator U+2028', name: 'line\u2028sep', reason: 'forbiddenCharacters' },
  { what: 'the paragraph separator U+2029', name: 'para\u2029sep', reason: 'forbiddenCharacters' },
  { what: 'a NUL', name: 'nul\u0000', reason: 'forbiddenCharacters' },
  { what: 'CR LF', name: 'line\r\nbreak', reason: 'forbiddenCharacters' },
  { what: 'a tab', name: 'tab\there', reason: 'forbiddenCharacters' },
  { what: 'DEL', name: 'del\u007F', reason: 'forbiddenCharacters' },
  { what: 'a C1 control U+0085', name: 'next\u0085line', reason: 'forbiddenCharacters' },
  { what: 'a Hangul filler inside a name', name: 'ad\u3164min', reason: 'forbiddenCharacters' },
  { what: 'only the Hangul filler U+3164', name: '\u3164', reason: 'blank' },
  { what: 'only the Hangul choseong filler U+115F', name: '\u115F', reason: 'blank' },
  { what: 'only the Hangul jungseong filler U+1160', name: '\u1160\u1160', reason: 'blank' },
  { what: 'only the halfwidth Hangul filler U+FFA0', name: '\uFFA0', reason: 'blank' },
  { what: 'only the braille blank U+2800', name: '\u2800\u2800', reason: 'blank' },
  { what: 'only invisible characters', name: '\u200B\u00AD\u034F', reason: 'blank' },
  { what: 'only spaces and a braille blank', name: ' \u3000\u2800 ', reason: 'blank' },
  { what: 'only spaces', name: ' \u3000\u00A0 ', reason: 'required' },
  { what: 'nothing', name: '', reason: 'required' },
]

describe('token text (names and descriptions)', () => {
  it.each(REFUSED)('refuses a name with $what as $reason', ({ name, reason }) => {
    expect(refusalOf(TokenName, name)).toBe(reason)
  })

  it.each(REFUSED.filter((row) => row.reason !== 'required'))(
    'refuses a description with $what as $reason',
    ({ name, reason }) => {
      expect(refusalOf(TokenDescription, name)).toBe(reason)
    },
  )

  it.each([
    { what: 'plain ASCII', name: 'Reporting sync' },
    { what: 'Chinese', name: '报表同步令牌' },
    { what: 'Korean syllables', name: '한국어 토큰' },
    { what: 'Arabic letters (right-to-left text without controls)', name: 'رمز التقارير' },
    { what: 'accents, composed or decomposed', name: 'Cafe\u0301 Crème' },
    { what: 'a single emoji with its presentation selector', name: 'Prod ❤️' },
    { what: 'an emoji ZWJ sequence', name: 'Dev 👩‍💻 team' },
    { what: 'an emoji ZWJ sequence with a skin tone', name: '👨🏽‍💻 build' },
    { what: 'an emoji ZWJ sequence with a presentation selector', name: 'Pride 🏳️‍🌈' },
    { what: 'a keycap', name: 'Partner 1️⃣' },
    { what: 'an emoji ZWJ sequence with two joiners and a heart', name: 'Ops 👩‍❤️‍👨' },
    { what: 'an ideographic variation sequence', name: '葛\u{E0100}城' },
    { what: 'a braille blank between words', name: 'a\u2800b' },
    { what: 'markup (stored as text, never rendered as HTML)', name: '<img src=x onerror=alert(1)>' },
  ])('accepts a name in $what', ({ name }) => {
    expect(TokenName.parse(name)).toBe(name.normalize('NFC'))
  })

  it('accepts line breaks in a description but not in a name', () => {
    expect(TokenDescription.parse('first line\nsecond line')).toBe('first line\nsecond line')
    expect(refusalOf(TokenName, 'first line\nsecond line')).toBe('forbiddenCharacters')
  })

  it('accepts an empty description', () => {
    expect(TokenDescription.parse('  ')).toBe('')
  })

  it('trims surrounding whitespace and stores names in NFC', () => {
    expect(TokenName.parse('  Cafe\u0301  ')).toBe('Caf\u00E9')
  })
})
