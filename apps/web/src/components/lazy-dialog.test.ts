import { describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import { dialogCode } from './lazy-dialog'

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
