import { describe, expect, it } from 'vitest'
import { matchLocale, negotiateLocale } from './locales.js'

describe('locale negotiation', () => {
  it('maps every Chinese tag to zh-CN and every English tag to en', () => {
    expect(matchLocale('zh')).toBe('zh-CN')
    expect(matchLocale('zh-Hans-CN')).toBe('zh-CN')
    expect(matchLocale('ZH-tw')).toBe('zh-CN')
    expect(matchLocale('en-GB')).toBe('en')
    expect(matchLocale('fr')).toBeUndefined()
    expect(matchLocale('*')).toBeUndefined()
  })

  it('picks the highest-weighted supported language, keeping header order on ties', () => {
    expect(negotiateLocale('fr-FR, zh-CN;q=0.8, en;q=0.7')).toBe('zh-CN')
    expect(negotiateLocale('en;q=0.5, zh;q=0.9')).toBe('zh-CN')
    expect(negotiateLocale('zh;q=0.5, en;q=0.5')).toBe('zh-CN')
    expect(negotiateLocale('en, zh')).toBe('en')
  })

  it('ignores languages refused with q=0 and falls back to English', () => {
    expect(negotiateLocale('zh;q=0, fr')).toBe('en')
    expect(negotiateLocale(undefined)).toBe('en')
    expect(negotiateLocale('')).toBe('en')
    expect(negotiateLocale('de, fr;q=0.9')).toBe('en')
  })
})
