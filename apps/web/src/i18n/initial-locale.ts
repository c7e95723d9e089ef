import { DEFAULT_LOCALE, LOCALES, matchLocale, type Locale } from '@tokens/core'

export const LOCALE_STORAGE_KEY = 'token-console.locale'

export interface LocaleSources {
  /** The signed-in user's saved choice. */
  saved: string | null | undefined
  /** What this browser remembered from an earlier visit. */
  stored: string | null | undefined
  /** navigator.languages, most preferred first. */
  browser: readonly string[]
}

/** The user's saved choice, else this browser's remembered one, else the browser's languages, else English. */
export function chooseInitialLocale(sources: LocaleSources): Locale {
  for (const candidate of [sources.saved, sources.stored]) {
    const known = LOCALES.find((locale) => locale === candidate)
    if (known) return known
  }
  for (const tag of sources.browser) {
    const match = matchLocale(tag)
    if (match) return match
  }
  return DEFAULT_LOCALE
}
