import { describe, expect, it, vi } from 'vitest'
import { fakeAdminApi } from '../test-support/fake-admin-api'
import { byLabel, choose, renderConsole, settle, waitFor } from '../test-support/render-console'

// The Chinese catalog stays on its way (a slow connection) until the test lets it arrive.
const chinese = vi.hoisted(() => ({ hold: false, arrive: () => undefined as void, arrived: false }))
vi.mock('../i18n/locale-messages', async (importOriginal) => {
  const real = await importOriginal<typeof import('../i18n/locale-messages')>()
  return {
    ...real,
    ensureLocaleMessages: async (...args: Parameters<typeof real.ensureLocaleMessages>) => {
      if (chinese.hold && args[1] === 'zh-CN') {
        chinese.hold = false
        await new Promise<void>((resolve) => (chinese.arrive = resolve))
      }
      await real.ensureLocaleMessages(...args)
      if (args[1] === 'zh-CN') chinese.arrived = true
    },
  }
})

describe('the language switcher on a slow connection', () => {
  it('keeps the language chosen last when the catalog of one chosen before it arrives afterwards', async () => {
    const api = fakeAdminApi()
    await renderConsole(api, '/settings')
    const language = () => byLabel<HTMLSelectElement>('Language')

    chinese.hold = true
    await choose(language(), 'zh-CN')
    await choose(language(), 'en')
    chinese.arrive()
    await waitFor(() => expect(chinese.arrived).toBe(true))
    await settle()

    expect(document.documentElement.lang).toBe('en')
    expect(document.querySelector('h1')?.textContent).toBe('Settings')
    expect(language()?.value).toBe('en')
    expect(localStorage.getItem('token-console.locale')).toBe('en')
    expect(vi.mocked(api.session.updatePreferences).mock.calls).toEqual([[{ locale: 'en' }]])
    expect(document.body.textContent).not.toContain('could not be loaded')
  })
})
