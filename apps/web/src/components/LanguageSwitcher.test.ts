import { describe, expect, it, vi } from 'vitest'
import { makeSession } from '../test-support/console-fixtures'
import { fakeAdminApi } from '../test-support/fake-admin-api'
import { button, byLabel, choose, renderConsole, waitFor } from '../test-support/render-console'

describe('the language switcher', () => {
  it('switches the page to Simplified Chinese at once, with the seed terms, and sets <html lang>', async () => {
    const api = fakeAdminApi()
    await renderConsole(api, '/settings/api')
    await waitFor(() => expect(button('Create Access Token')).toBeDefined())
    expect(document.documentElement.lang).toBe('en')

    await choose(byLabel<HTMLSelectElement>('Language'), 'zh-CN')

    await waitFor(() => expect(button('创建访问令牌')).toBeDefined())
    expect(button('Create Access Token')).toBeUndefined()
    expect(button('启用旧版令牌')).toBeDefined()
    expect(document.documentElement.lang).toBe('zh-CN')
    expect(byLabel('按名称搜索')).toBeDefined()
    expect(byLabel('语言')).toBeDefined()
  })

  it('marks each language name with its own language, so 简体中文 is not read as English', async () => {
    await renderConsole(fakeAdminApi(), '/settings')
    const options = [...byLabel<HTMLSelectElement>('Language')!.options]
    expect(options.map((option) => [option.textContent?.trim(), option.lang])).toEqual([
      ['English', 'en'],
      ['简体中文', 'zh-CN'],
    ])
  })

  it('remembers the choice in this browser and for the signed-in user', async () => {
    const api = fakeAdminApi()
    await renderConsole(api, '/settings')
    await choose(byLabel<HTMLSelectElement>('Language'), 'zh-CN')

    await waitFor(() => expect(api.session.updatePreferences).toHaveBeenCalledWith({ locale: 'zh-CN' }))
    expect(localStorage.getItem('token-console.locale')).toBe('zh-CN')
  })

  it("starts in the user's saved language, whatever this browser remembered", async () => {
    localStorage.setItem('token-console.locale', 'en')
    const api = fakeAdminApi({ session: { get: vi.fn(async () => makeSession({ locale: 'zh-CN' })) } })
    await renderConsole(api, '/settings')
    await waitFor(() => expect(document.querySelector('h1')?.textContent).toBe('设置'))
    expect(document.documentElement.lang).toBe('zh-CN')
  })
})
