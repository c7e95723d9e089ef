import { z } from 'zod'

export { searchableName } from './searchable-name.js'

export const TOKEN_NAME_MAX = 100
export const TOKEN_DESCRIPTION_MAX = 500

/**
 * Characters that can disguise what a name says (bidi overrides, zero-width marks) or break
 * logs and headers (controls). Names are shown to people deciding which credential to revoke,
 * so what they read must be what is stored.
 */
// eslint-disable-next-line no-control-regex
const DECEPTIVE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u
// eslint-disable-next-line no-control-regex
const DECEPTIVE_EXCEPT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u

export const TokenName = z
  .string()
  .trim()
  .min(1, { error: 'required' })
  .max(TOKEN_NAME_MAX, { error: 'tooLong' })
  .refine((value) => !DECEPTIVE.test(value), { error: 'forbiddenCharacters' })
  .transform((value) => value.normalize('NFC'))

export const TokenDescription = z
  .string()
  .trim()
  .max(TOKEN_DESCRIPTION_MAX, { error: 'tooLong' })
  .refine((value) => !DECEPTIVE_EXCEPT_NEWLINE.test(value), { error: 'forbiddenCharacters' })
  .transform((value) => value.normalize('NFC'))
