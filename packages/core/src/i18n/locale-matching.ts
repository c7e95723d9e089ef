// No schema here: the SPA chooses its language before (and without) loading zod.
export const LOCALES = ['en', 'zh-CN'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'en'

/** Maps one language tag to a supported locale: any Chinese tag goes to zh-CN, any English one to en. */
export function matchLocale(tag: string): Locale | undefined {
  const lower = tag.trim().toLowerCase()
  if (lower === '' || lower === '*') return undefined
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN'
  if (lower === 'en' || lower.startsWith('en-')) return 'en'
  return undefined
}

/** Picks the best supported locale from an Accept-Language header (RFC 9110 weights). */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE
  const ranked = acceptLanguage
    .slice(0, 512)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      const weight = q ? Number.parseFloat(q.slice(2)) : 1
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index }
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
  for (const entry of ranked) {
    const locale = matchLocale(entry.tag)
    if (locale) return locale
  }
  return DEFAULT_LOCALE
}
