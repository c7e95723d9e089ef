import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import { dialogCode, useLazyDialog, type DialogCode, type LazyDialog } from './lazy-dialog'

const Dialog = defineComponent({ name: 'SomeDialog', render: () => null })

describe('dialogCode', () => {
  it('downloads the dialog once, however often it is asked for, and keeps it', async () => {
    const load = vi.fn(async () => ({ default: Dialog }))
    const code = dialogCode(load)
    expect(code.loaded).toBeNull()
    const [first, second] = await Promise.all([code.load(), code.load()])
    expect(first).toBe(Dialog)
    expect(second).toBe(Dialog)
    expect(await code.load()).toBe(Dialog)
    expect(code.loaded).toBe(Dialog)
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('tries a failed download anew on the next call instead of keeping the failure', async () => {
    const load = vi
      .fn<() => Promise<{ default: typeof Dialog }>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
      .mockResolvedValue({ default: Dialog })
    const code = dialogCode(load)
    await expect(code.load()).rejects.toThrow('Failed to fetch')
    expect(code.loaded).toBeNull()
    expect(await code.load()).toBe(Dialog)
    expect(load).toHaveBeenCalledTimes(2)
  })
})

describe('dialogCode in a browser that remembers a failed download (Chromium)', () => {
  it('opens once the connection is back: the module is fetched anew at a fresh address', async () => {
    const url = 'http://console.test/assets/TokenActionDialogs-x.js'
    let online = false
    // The module's own address fails for the life of the page once it has failed.
    const load = vi.fn(async (): Promise<{ default: typeof Dialog }> => {
      throw new TypeError(`Failed to fetch dynamically imported module: ${url}`)
    })
    const importAt = vi.fn(async (href: string) => {
      if (!online) throw new TypeError(`Failed to fetch dynamically imported module: ${href}`)
      return { default: Dialog }
    })
    const code = dialogCode(load, importAt)
    await expect(code.load()).rejects.toThrow('Failed to fetch')
    online = true
    expect(await code.load()).toBe(Dialog)
    expect(importAt.mock.calls.at(-1)?.[0]).toMatch(
      /^http:\/\/console\.test\/assets\/TokenActionDialogs-x\.js\?retry=\d+$/,
    )
    expect(code.loaded).toBe(Dialog)
  })
})

// The catalog's later part, which the dialog's fields may show, comes with its code: here it is on
// its way until the test settles it.
const laterMessages = vi.hoisted(() => ({
  settle: (_failure?: Error) => undefined as void,
  load: vi.fn(),
}))
/** Each load of the later part stays on its way until the test calls `laterMessages.settle`. */
function holdLaterMessages(): void {
  laterMessages.load.mockImplementation(
    () =>
      new Promise<void>((resolve, reject) => {
        laterMessages.settle = (failure) => (failure ? reject(failure) : resolve())
      }),
  )
}
// Loading the page again (the remedy once the browser remembers a failure) is only recorded here.
const reloads = vi.hoisted(() => ({ loadPageAgain: vi.fn(() => true) }))
vi.mock('../lazy-code/code-fetch-failures', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../lazy-code/code-fetch-failures')>()),
  loadPageAgain: reloads.loadPageAgain,
}))
vi.mock('../stores/locale-store', () => ({
  useLocaleStore: () => ({ loadLaterMessages: laterMessages.load }),
}))

function mountDialog(code: DialogCode<typeof Dialog>): LazyDialog<typeof Dialog> & { leavePage(): void } {
  let dialog: LazyDialog<typeof Dialog> | undefined
  const page = mount(
    defineComponent({
      setup() {
        dialog = useLazyDialog(code)
        return () => null
      },
    }),
  )
  return Object.assign(dialog as LazyDialog<typeof Dialog>, { leavePage: () => page.unmount() })
}

describe('useLazyDialog on a network that keeps failing', () => {
  it('keeps one download in flight: reaching for the dialog again while it is on its way joins it', async () => {
    holdLaterMessages()
    const load = vi.fn(async () => ({ default: Dialog }))
    const dialog = mountDialog(dialogCode(load))
    await flushPromises()
    dialog.prefetch()
    dialog.prefetch()
    expect(laterMessages.load).toHaveBeenCalledTimes(1)
    expect(load).toHaveBeenCalledTimes(1)

    // Failed: the next request fetches anew, and the dialog comes once the network is back.
    laterMessages.settle(new TypeError('Failed to fetch dynamically imported module'))
    await flushPromises()
    expect(dialog.component.value).toBeNull()
    dialog.prefetch()
    expect(laterMessages.load).toHaveBeenCalledTimes(2)
    laterMessages.settle()
    await flushPromises()
    expect(dialog.component.value).toBe(Dialog)
  })
})

describe('useLazyDialog when its page has gone', () => {
  it('neither runs nor reloads for a request still on its way when the page was left', async () => {
    holdLaterMessages()
    const dialog = mountDialog(dialogCode(vi.fn(async () => ({ default: Dialog }))))
    const show = vi.fn()
    const disable = { action: () => 'Disable', target: 'Finance import' }
    const failed = new TypeError('Failed to fetch dynamically imported module')
    // Chosen once and refused: the error says so; chosen again, the code is on its way again.
    void dialog.open('tok_1', disable, show)
    laterMessages.settle(failed)
    await flushPromises()
    expect(dialog.failure.value).not.toBeNull()
    void dialog.open('tok_1', disable, show)
    await flushPromises()

    // The user goes to another page, then the download is refused again: that page stays as it is.
    dialog.leavePage()
    laterMessages.settle(failed)
    await flushPromises()
    expect(reloads.loadPageAgain).not.toHaveBeenCalled()
    expect(show).not.toHaveBeenCalled()
  })
})

describe('useLazyDialog when what a request was chosen on leaves the screen', () => {
  it('drops the request still waiting for the code, so it does not open when the code arrives', async () => {
    holdLaterMessages()
    const dialog = mountDialog(dialogCode(vi.fn(async () => ({ default: Dialog }))))
    const show = vi.fn()
    void dialog.open('tok_1', { action: () => 'Disable', target: 'Finance import' }, show)
    await flushPromises()

    dialog.dismissUnlessShown((id) => id === 'tok_1')
    dialog.dismissUnlessShown((id) => id === 'tok_2')
    laterMessages.settle()
    await flushPromises()
    expect(dialog.component.value).toBe(Dialog)
    expect(show).not.toHaveBeenCalled()
    expect(dialog.failure.value).toBeNull()
  })
})
