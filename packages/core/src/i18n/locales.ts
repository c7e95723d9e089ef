import { z } from 'zod'
import { LOCALES, type Locale as LocaleName } from './locale-matching.js'

export { DEFAULT_LOCALE, LOCALES, matchLocale, negotiateLocale } from './locale-matching.js'

export const Locale = z.enum(LOCALES)
export type Locale = LocaleName
