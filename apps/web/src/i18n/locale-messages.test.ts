import { describe, expect, it } from 'vitest'
import type { Composer } from 'vue-i18n'
import { createConsoleI18n } from './create-console-i18n'
import { ensureLocaleMessages } from './locale-messages'

const composerOf = () => createConsoleI18n().global as unknown as Composer

describe('the parts of the catalogs a console holds', () => {
  it('starts with the first part of English, and fetches a language chosen as its first part', async () => {
    const composer = composerOf()
    expect(composer.te('apiPage.lead', 'en')).toBe(true)
    expect(composer.te('wizard.title', 'en')).toBe(false)

    await ensureLocaleMessages(composer, 'zh-CN')
    expect(composer.te('apiPage.lead', 'zh-CN')).toBe(true)
    expect(composer.te('lifecycle.rotate.menu', 'zh-CN')).toBe(true)
    expect(composer.te('wizard.title', 'zh-CN')).toBe(false)
  })

  it('once the later part is wanted, holds it in the language shown and in every one shown afterwards', async () => {
    const composer = composerOf()
    await ensureLocaleMessages(composer, 'en', { later: true })
    expect(composer.te('wizard.title', 'en')).toBe(true)
    expect(composer.te('lifecycle.expiry.label', 'en')).toBe(true)
    expect(composer.te('lifecycle.rotate.menu', 'en')).toBe(true)

    await ensureLocaleMessages(composer, 'zh-CN')
    expect(composer.te('wizard.title', 'zh-CN')).toBe(true)
    expect(composer.te('apiPage.lead', 'zh-CN')).toBe(true)
    expect(composer.t('wizard.title', {}, { locale: 'zh-CN' })).not.toBe('wizard.title')
  })
})
