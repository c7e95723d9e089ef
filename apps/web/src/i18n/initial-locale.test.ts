import { describe, expect, it } from 'vitest'
import { chooseInitialLocale } from './initial-locale'

describe('the initial language', () => {
  it("prefers the user's saved choice over this browser's", () => {
    expect(chooseInitialLocale({ saved: 'zh-CN', stored: 'en', browser: ['en-US'] })).toBe('zh-CN')
  })

  it('falls back to the choice this browser remembered', () => {
    expect(chooseInitialLocale({ saved: null, stored: 'zh-CN', browser: ['en-US'] })).toBe('zh-CN')
  })

  it("then takes the first of the browser's languages that the console speaks", () => {
    expect(chooseInitialLocale({ saved: null, stored: null, browser: ['fr-FR', 'zh-TW', 'en'] })).toBe(
      'zh-CN',
    )
    expect(chooseInitialLocale({ saved: undefined, stored: 'klingon', browser: ['en-GB'] })).toBe('en')
  })

  it('speaks English when nothing else matches', () => {
    expect(chooseInitialLocale({ saved: null, stored: null, browser: ['fr-FR', 'de'] })).toBe('en')
  })
})
