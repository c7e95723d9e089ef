import { z } from 'zod'

export { searchableName } from './searchable-name.js'

export const TOKEN_NAME_MAX = 100
export const TOKEN_DESCRIPTION_MAX = 500

/*
 * Names are shown to people deciding which credential to revoke, so what they read must be what
 * is stored: the rule and its reasons are in docs/SECURITY.md ("Names and descriptions").
 */

/** An unpaired UTF-16 surrogate: not text at all (and what broken UTF-8 would have become). */
const LONE_SURROGATE = /\p{Cs}/u

/**
 * Invisible or layout-changing code points: controls (Cc), format characters (Cf: bidi marks,
 * embeddings, overrides and isolates, zero-width characters, the soft hyphen, U+180E, U+FFF9-FFFB,
 * tag characters), every default-ignorable code point (CGJ U+034F, Hangul fillers, variation
 * selectors) and the line and paragraph separators. Exceptions follow in EMOJI_ZWJ and VARIATION.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2028\u2029]/u
const INVISIBLE_EXCEPT_NEWLINE = /(?!\n)[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2028\u2029]/u

/** A zero-width joiner between two emoji (👩‍💻, 🏳️‍🌈): it draws one picture, it hides nothing. */
const EMOJI_ZWJ =
  /(?<=[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F])\u200D(?=\p{Extended_Pictographic})/gu

/** Text or emoji presentation right after an emoji (❤️, 1️⃣), and ideographic variants after a Han character. */
const VARIATION = /(?<=\p{Emoji})[\uFE0E\uFE0F]|(?<=\p{Ideographic})[\u{E0100}-\u{E01EF}]/gu

/** What renders as nothing: whitespace, blank-looking letters (Hangul fillers, braille blank) and the invisibles. */
const BLANK = /^[\p{White_Space}\u2800\u3164\u115F\u1160\uFFA0\p{Cf}\p{Default_Ignorable_Code_Point}]*$/u

/** The refusal a text rule gives, as the error name of its zod issue (the locale key `validation.<name>`). */
export type TextRefusal = 'malformedText' | 'blank' | 'forbiddenCharacters'

/**
 * Why `text` may not be shown as a name or description, or undefined when it may. Lone surrogates
 * first (broken text), then text that renders blank, then invisible characters anywhere.
 */
export function textRefusalOf(text: string, { allowNewlines = false } = {}): TextRefusal | undefined {
  if (LONE_SURROGATE.test(text)) return 'malformedText'
  if (text !== '' && BLANK.test(text)) return 'blank'
  const visible = text.replace(EMOJI_ZWJ, '').replace(VARIATION, '')
  return (allowNewlines ? INVISIBLE_EXCEPT_NEWLINE : INVISIBLE).test(visible)
    ? 'forbiddenCharacters'
    : undefined
}

export const TokenName = z
  .string()
  .trim()
  .min(1, { error: 'required' })
  .max(TOKEN_NAME_MAX, { error: 'tooLong' })
  .superRefine((value, context) => {
    const refusal = textRefusalOf(value)
    if (refusal) context.addIssue({ code: 'custom', message: refusal })
  })
  .transform((value) => value.normalize('NFC'))

export const TokenDescription = z
  .string()
  .trim()
  .max(TOKEN_DESCRIPTION_MAX, { error: 'tooLong' })
  .superRefine((value, context) => {
    const refusal = textRefusalOf(value, { allowNewlines: true })
    if (refusal) context.addIssue({ code: 'custom', message: refusal })
  })
  .transform((value) => value.normalize('NFC'))
