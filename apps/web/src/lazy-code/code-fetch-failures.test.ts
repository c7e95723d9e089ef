import { afterEach, describe, expect, it, vi } from 'vitest'
import { importLeafModule, loadPageAgain } from './code-fetch-failures'

const failedFetch = (url: string) => new TypeError(`Failed to fetch dynamically imported module: ${url}`)

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('code the browser could not download', () => {
  it('imports a module without imports of its own once more under a fresh address the failure named', async () => {
    const importAt = vi.fn(async (_href: string) => ({ default: 'catalog' }))
    const load = () => Promise.reject(failedFetch('http://console.test/assets/zh-CN-abc.js'))

    await expect(importLeafModule(load, importAt)).resolves.toEqual({ default: 'catalog' })
    await importLeafModule(load, importAt)

    const addresses = importAt.mock.calls.map(([href]) => new URL(href))
    expect(addresses.map((url) => url.pathname)).toEqual(['/assets/zh-CN-abc.js', '/assets/zh-CN-abc.js'])
    const retries = addresses.map((url) => url.searchParams.get('retry'))
    expect(new Set(retries).size, 'each attempt is an address of its own').toBe(2)
  })

  it('answers the first import when it succeeds, and keeps a failure that names no address', async () => {
    const importAt = vi.fn()
    await expect(importLeafModule(async () => 'loaded', importAt)).resolves.toBe('loaded')
    const unnamed = new TypeError('Importing a module script failed.')
    await expect(importLeafModule(() => Promise.reject(unnamed), importAt)).rejects.toBe(unnamed)
    expect(importAt).not.toHaveBeenCalled()
  })

  it('loads the page again only while the browser is online', () => {
    const location = { assign: vi.fn(), reload: vi.fn() }
    vi.stubGlobal('location', location)
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    expect(loadPageAgain('/settings/api/new')).toBe(false)
    expect(location.assign).not.toHaveBeenCalled()

    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true)
    expect(loadPageAgain('/settings/api/new')).toBe(true)
    expect(loadPageAgain()).toBe(true)
    expect(location.assign).toHaveBeenCalledWith('/settings/api/new')
    expect(location.reload).toHaveBeenCalledTimes(1)
  })
})
